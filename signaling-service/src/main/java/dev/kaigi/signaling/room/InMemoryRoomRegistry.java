package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.RawJson;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MediaState;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The embedded registry: rooms live in this process. Each room is changed only inside
 * {@link ConcurrentHashMap#compute}, which serialises work per room without a global lock and lets an empty
 * room disappear atomically. Sends inside it only enqueue frames, so the section stays short. Every operation
 * is done when its stage is returned.
 */
public class InMemoryRoomRegistry implements RoomRegistry {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Peers that left for good, so a stale resume token cannot bring them back while it is still valid. */
    private final Map<String, Instant> departedUntil = new ConcurrentHashMap<>();
    private final int maxPeersPerRoom;
    private final int outboxMessages;
    private final int outboxBytes;
    private final Duration departedMemory;
    private final QueuedBytes queued;
    private final MessageCodec codec;

    public InMemoryRoomRegistry(int maxPeersPerRoom, int outboxMessages, int outboxBytes, Duration departedMemory,
            QueuedBytes queued, MessageCodec codec) {
        this.queued = queued;
        this.codec = codec;
        this.maxPeersPerRoom = maxPeersPerRoom;
        this.outboxMessages = outboxMessages;
        this.outboxBytes = outboxBytes;
        this.departedMemory = departedMemory;
    }

    private Peer newPeer(String peerId, String name, PeerChannel channel, long lastSeq) {
        return new Peer(peerId, name, channel, new Outbox(outboxMessages, outboxBytes, lastSeq + 1, queued, codec));
    }

    @Override
    public CompletionStage<String> join(RoomId roomId, String name, PeerChannel channel, WelcomeWriter welcome,
            Knock knock) {
        return now(() -> {
            String[] joined = {PeerIds.random()};
            rooms.compute(roomId.value(), (key, existing) -> {
                Room room = existing != null ? existing : new Room(roomId);
                requireSpace(room);
                if (room.locked && !(knock != null && room.consumeAdmission(knock.id()))) {
                    knockAt(room, knock, name, channel);
                    joined[0] = null;
                    return room;
                }
                String peerId = joined[0];
                List<ServerMessage.PeerInfo> others = room.infoExcept(peerId);
                Peer peer = newPeer(peerId, name, channel, 0);
                room.add(peer);
                channel.send(welcome.write(peerId, name, others, false, 0, room.door()));
                room.announceExcept(peerId, new ServerMessage.PeerJoined(peer.info(), false));
                return room;
            });
            return joined[0];
        });
    }

    private static void knockAt(Room room, Knock knock, String name, PeerChannel channel) {
        if (knock == null) {
            throw new ProtocolException(ErrorCode.DECLINED, "room " + room.id + " is locked");
        }
        if (room.knockCount() >= MAX_KNOCKS_PER_ROOM) {
            throw new ProtocolException(ErrorCode.LOBBY_FULL,
                    "room " + room.id + " is locked and " + MAX_KNOCKS_PER_ROOM + " people are already knocking");
        }
        room.addKnock(knock.id(), new Room.Knocking(knock, name));
        channel.send(new ServerMessage.Knocking(knock.id()));
        room.announce(new ServerMessage.Knock(knock.id(), name));
    }

    @Override
    public CompletionStage<Void> lock(RoomId roomId, String peerId, boolean locked) {
        return run(() -> inRoom(roomId, peerId, room -> {
            room.locked = locked;
            room.announce(new ServerMessage.RoomLock(locked, peerId));
        }));
    }

    @Override
    public CompletionStage<Void> answer(RoomId roomId, String peerId, String knockId, boolean admit) {
        return run(() -> {
            Room.Knocking[] answered = {null};
            inRoom(roomId, peerId, room -> {
                answered[0] = room.removeKnock(knockId);
                if (answered[0] == null) {
                    throw new ProtocolException(ErrorCode.UNKNOWN_KNOCK,
                            "nobody is knocking as " + knockId + " (already answered, or gone)");
                }
                if (admit) {
                    room.admit(knockId);
                }
                room.announce(new ServerMessage.KnockEnded(knockId, admit ? "admitted" : "declined", peerId));
            });
            answered[0].knock().onAnswer().accept(admit); // outside the room's section: the newcomer joins next
        });
    }

    @Override
    public CompletionStage<Void> withdraw(RoomId roomId, String knockId) {
        return run(() -> rooms.computeIfPresent(roomId.value(), (key, room) -> {
            room.consumeAdmission(knockId);
            if (room.removeKnock(knockId) != null) {
                room.announce(new ServerMessage.KnockEnded(knockId, "withdrawn", null));
            }
            return room;
        }));
    }

    /**
     * The last participant is gone: the lock goes with the room, and whoever was knocking is let in, since
     * nobody is left to answer. Returns what the room map should keep; {@code wake} collects the knocks.
     */
    private static Room unlessEmpty(Room room, List<Knock> wake) {
        if (!room.isEmpty()) {
            return room;
        }
        room.knocks().forEach(k -> wake.add(k.knock()));
        return null;
    }

    private static void admitAll(List<Knock> wake) {
        wake.forEach(knock -> knock.onAnswer().accept(true));
    }

    @Override
    public CompletionStage<Void> resume(RoomId roomId, ResumeClaim claim, PeerChannel channel,
            WelcomeWriter welcome) {
        return run(() -> {
            if (departedUntil.containsKey(claim.peerId())) {
                throw new ProtocolException(ErrorCode.RESUME_FAILED, "this peer has already left the room");
            }
            rooms.compute(roomId.value(), (key, existing) -> {
                Room room = existing != null ? existing : new Room(roomId);
                Peer peer = room.peer(claim.peerId());
                if (peer == null) {
                    readmit(room, claim, channel, welcome);
                } else {
                    reattach(room, peer, claim.lastSeq(), channel, welcome);
                }
                return room;
            });
        });
    }

    private void reattach(Room room, Peer peer, long lastSeq, PeerChannel channel, WelcomeWriter welcome) {
        PeerChannel previous = peer.channel();
        peer.attach(channel);
        if (previous != null && previous != channel) {
            previous.close(4000, "resumed on another connection");
        }
        peer.acknowledge(lastSeq);
        int lost = peer.lostAfter(lastSeq);
        channel.send(welcome.write(peer.id, peer.name, room.infoExcept(peer.id), true, lost, room.door()));
        peer.replayAfter(lastSeq).forEach(channel::sendFrame);
    }

    /**
     * This process does not know the peer (it restarted): the signed claim is enough to restore its id. Numbering
     * goes on after the client's last seq, so its later acknowledgements and resumes stay meaningful.
     */
    private void readmit(Room room, ResumeClaim claim, PeerChannel channel, WelcomeWriter welcome) {
        requireSpace(room);
        Peer peer = newPeer(claim.peerId(), claim.name(), channel, claim.lastSeq());
        List<ServerMessage.PeerInfo> others = room.infoExcept(peer.id);
        room.add(peer);
        channel.send(welcome.write(peer.id, peer.name, others, true, 0, room.door()));
        room.announceExcept(peer.id, new ServerMessage.PeerJoined(peer.info(), true));
    }

    private void requireSpace(Room room) {
        if (room.size() >= maxPeersPerRoom) {
            throw new ProtocolException(ErrorCode.ROOM_FULL,
                    "room " + room.id + " already has " + maxPeersPerRoom + " participants");
        }
    }

    @Override
    public CompletionStage<Void> relaySignal(RoomId roomId, String from, String to, RawJson data, int size) {
        return relaySignal(roomId, from, to, data, size, null, -1);
    }

    /** The signal and its ack in one pass over the room: a web UI's signal nearly always carries one. */
    @Override
    public CompletionStage<Void> relaySignal(RoomId roomId, String from, String to, RawJson data, int size,
            PeerChannel channel, long ack) {
        return run(() -> inRoom(roomId, from, room -> {
            if (ack >= 0) {
                acknowledge(room.peer(from), channel, ack);
            }
            if (from.equals(to)) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a peer cannot signal itself");
            }
            Peer target = room.peer(to);
            if (target == null) {
                throw new ProtocolException(ErrorCode.UNKNOWN_PEER, "no peer " + to + " in this room");
            }
            if (!target.deliver(seq -> new ServerMessage.SignalFrom(from, data, seq), size)) {
                throw new ProtocolException(ErrorCode.QUEUE_FULL,
                        "peer " + to + " is reconnecting and its queue is full; the signal was not delivered");
            }
        }));
    }

    @Override
    public CompletionStage<Void> chat(RoomId roomId, String from, String text, Instant sentAt) {
        return run(() -> inRoom(roomId, from, room -> room.deliverExcept(from,
                seq -> new ServerMessage.ChatFrom(from, text, sentAt.toEpochMilli(), seq), text.length())));
    }

    @Override
    public CompletionStage<Void> updateState(RoomId roomId, String peerId, MediaState state) {
        return run(() -> inRoom(roomId, peerId, room -> {
            room.peer(peerId).state = state;
            room.announceExcept(peerId, new ServerMessage.PeerState(peerId, state));
        }));
    }

    @Override
    public CompletionStage<Void> acknowledge(RoomId roomId, String peerId, PeerChannel channel, long seq) {
        return run(() -> inRoom(roomId, peerId, room -> acknowledge(room.peer(peerId), channel, seq)));
    }

    /** Only the socket the peer is attached to speaks for it: an ack from a replaced one is stale. */
    private static void acknowledge(Peer peer, PeerChannel channel, long seq) {
        if (peer.channel() == channel) {
            peer.acknowledge(seq);
        }
    }

    @Override
    public CompletionStage<Void> leave(RoomId roomId, String peerId, PeerChannel channel, LeaveReason reason) {
        return run(() -> {
            List<Knock> wake = new ArrayList<>();
            rooms.computeIfPresent(roomId.value(), (key, room) -> {
                Peer peer = room.peer(peerId);
                // A socket replaced by a resume must not take the resumed peer with it.
                if (peer != null && peer.channel() == channel) {
                    removePeer(room, peerId, reason, Instant.now());
                }
                return unlessEmpty(room, wake);
            });
            admitAll(wake);
        });
    }

    @Override
    public CompletionStage<Void> disconnect(RoomId roomId, String peerId, PeerChannel channel, Instant now) {
        return run(() -> rooms.computeIfPresent(roomId.value(), (key, room) -> {
            Peer peer = room.peer(peerId);
            if (peer != null && peer.channel() == channel) {
                peer.goAway(now);
            }
            return room;
        }));
    }

    @Override
    public CompletionStage<Integer> expireAway(Instant cutoff) {
        return now(() -> {
            departedUntil.values().removeIf(until -> until.isBefore(cutoff));
            AtomicInteger expired = new AtomicInteger();
            List<Knock> wake = new ArrayList<>();
            for (String roomKey : List.copyOf(rooms.keySet())) {
                rooms.computeIfPresent(roomKey, (key, room) -> {
                    List<String> gone = new ArrayList<>();
                    room.peers().stream().filter(p -> p.awayLongerThan(cutoff)).forEach(p -> gone.add(p.id));
                    gone.forEach(id -> removePeer(room, id, LeaveReason.TIMEOUT, cutoff));
                    expired.addAndGet(gone.size());
                    return unlessEmpty(room, wake);
                });
            }
            admitAll(wake);
            return expired.get();
        });
    }

    private void removePeer(Room room, String peerId, LeaveReason reason, Instant now) {
        room.remove(peerId).discardQueue();
        departedUntil.put(peerId, now.plus(departedMemory));
        room.announceExcept(peerId, new ServerMessage.PeerLeft(peerId, reason));
    }

    private void inRoom(RoomId roomId, String peerId, Consumer<Room> action) {
        Room found = rooms.computeIfPresent(roomId.value(), (key, room) -> {
            if (room.peer(peerId) == null) {
                throw new ProtocolException(ErrorCode.NOT_JOINED, "you are no longer in this room");
            }
            action.accept(room);
            return room;
        });
        if (found == null) {
            throw new ProtocolException(ErrorCode.NOT_JOINED, "you are no longer in this room");
        }
    }

    /**
     * Empties the largest resume queues until {@code bytes} are freed. What a peer loses this way is counted in
     * its next {@code welcome.dropped}, like any eviction.
     */
    @Override
    public CompletionStage<Long> shedLargestQueues(long bytes) {
        record Candidate(String room, String peer, int bytes) {
        }
        List<Candidate> candidates = new ArrayList<>();
        rooms.forEach((key, room) -> room.peers().forEach(p -> {
            int size = p.queuedBytes(); // a racy read is fine for choosing
            if (size > 0) {
                candidates.add(new Candidate(key, p.id, size));
            }
        }));
        candidates.sort((a, b) -> Integer.compare(b.bytes(), a.bytes()));
        long freed = 0;
        for (Candidate candidate : candidates) {
            if (freed >= bytes) {
                break;
            }
            long[] released = {0};
            rooms.computeIfPresent(candidate.room(), (key, room) -> {
                Peer peer = room.peer(candidate.peer());
                if (peer != null) {
                    released[0] = peer.discardQueue();
                }
                return room;
            });
            freed += released[0];
        }
        return CompletableFuture.completedFuture(freed);
    }

    @Override
    public int roomCount() {
        return rooms.size();
    }

    @Override
    public int peerCount() {
        return rooms.values().stream().mapToInt(Room::size).sum();
    }

    private static <T> CompletionStage<T> now(Supplier<T> action) {
        try {
            return CompletableFuture.completedFuture(action.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Every successful step without a result shares one completed stage: one allocation less per relayed message. */
    private static CompletionStage<Void> run(Runnable action) {
        try {
            action.run();
            return DONE;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
