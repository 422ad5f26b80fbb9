package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The peers of one room, in join order. Only touched inside the registry's per-room critical section. */
final class Room {
    final RoomId id;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    boolean locked;
    /** Newcomers knocking, in arrival order, with their names; allocated by the first knock (most rooms never lock). */
    private Map<String, Knocking> knocks = Map.of();
    /** Knocks admitted whose newcomer has not joined yet. */
    private Set<String> admitted = Set.of();

    record Knocking(Knock knock, String name) {
    }

    Room(RoomId id) {
        this.id = id;
    }

    Peer peer(String peerId) {
        return peers.get(peerId);
    }

    void add(Peer peer) {
        peers.put(peer.id, peer);
    }

    Peer remove(String peerId) {
        return peers.remove(peerId);
    }

    int size() {
        return peers.size();
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    Collection<Peer> peers() {
        return peers.values();
    }

    void addKnock(String knockId, Knocking knocking) {
        if (knocks.isEmpty()) {
            knocks = new LinkedHashMap<>();
        }
        knocks.put(knockId, knocking);
    }

    /** The knock, removed, or null when there is none by this id. */
    Knocking removeKnock(String knockId) {
        return knocks.isEmpty() ? null : knocks.remove(knockId);
    }

    int knockCount() {
        return knocks.size();
    }

    Collection<Knocking> knocks() {
        return knocks.values();
    }

    void admit(String knockId) {
        if (admitted.isEmpty()) {
            admitted = new HashSet<>();
        }
        admitted.add(knockId);
    }

    /** Uses up an admission: true once per admitted knock. */
    boolean consumeAdmission(String knockId) {
        return !admitted.isEmpty() && admitted.remove(knockId);
    }

    Door door() {
        return new Door(locked, knocks.entrySet().stream()
                .map(e -> new ServerMessage.Knocker(e.getKey(), e.getValue().name())).toList());
    }

    List<ServerMessage.PeerInfo> infoExcept(String peerId) {
        return peers.values().stream().filter(p -> !p.id.equals(peerId)).map(Peer::info).toList();
    }

    /** Presence news goes to connected peers only: an away peer gets the whole roster in its next welcome. */
    void announceExcept(String peerId, ServerMessage message) {
        for (Peer peer : peers.values()) {
            if (!peer.id.equals(peerId) && !peer.isAway()) {
                peer.channel().send(message);
            }
        }
    }

    void announce(ServerMessage message) {
        announceExcept("", message);
    }

    /** Content (chat) is kept for away peers like signals are, so nobody misses a line during a reconnect. */
    void deliverExcept(String peerId, java.util.function.LongFunction<ServerMessage> numbered, int size) {
        for (Peer peer : peers.values()) {
            if (!peer.id.equals(peerId)) {
                peer.deliver(numbered, size);
            }
        }
    }
}
