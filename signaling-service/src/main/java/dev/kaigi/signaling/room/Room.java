package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

    /** Loops, not streams: every join and resume asks, and a stream's pipeline was ≈ 0.5 KB of its garbage. */
    Door door() {
        if (knocks.isEmpty()) {
            return locked ? Door.LOCKED_EMPTY : Door.OPEN;
        }
        List<ServerMessage.Knocker> lobby = new ArrayList<>(knocks.size());
        for (Map.Entry<String, Knocking> knock : knocks.entrySet()) {
            lobby.add(new ServerMessage.Knocker(knock.getKey(), knock.getValue().name()));
        }
        return new Door(locked, Collections.unmodifiableList(lobby));
    }

    List<ServerMessage.PeerInfo> infoExcept(String peerId) {
        if (peers.isEmpty() || peers.size() == 1 && peers.containsKey(peerId)) {
            return List.of();
        }
        List<ServerMessage.PeerInfo> others = new ArrayList<>(peers.size());
        for (Peer peer : peers.values()) {
            if (!peer.id.equals(peerId)) {
                others.add(peer.info());
            }
        }
        return Collections.unmodifiableList(others);
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
