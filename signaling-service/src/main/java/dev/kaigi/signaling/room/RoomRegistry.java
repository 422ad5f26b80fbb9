package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.RawJson;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MediaState;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Membership and relay for all rooms: in this process ({@link InMemoryRoomRegistry}) or across replicas
 * ({@code cluster.RedisRoomRegistry}), with one contract. Every operation completes asynchronously; a failure the
 * sender should hear about completes it with a {@link dev.kaigi.signaling.protocol.ProtocolException}. A caller
 * that waits for one operation to complete before it starts the next keeps its messages in order.
 */
public interface RoomRegistry {
    /** At most this many newcomers knock at one room's door at once; more hear {@code lobby-full}. */
    int MAX_KNOCKS_PER_ROOM = 16;

    /** Adds a new peer to a room that is not locked; a locked one refuses it with {@code declined}. */
    default CompletionStage<String> join(RoomId room, String name, PeerChannel channel, WelcomeWriter welcome) {
        return join(room, name, channel, welcome, null);
    }

    /**
     * Adds a new peer and sends it the welcome built by {@code welcome}, before anyone can message it; completes
     * with its id. When the room is locked, the newcomer knocks instead: it hears {@code knocking}, the
     * participants hear {@code knock}, and this completes with {@code null}; once answered, {@code knock}'s
     * callback runs, and an admitted newcomer calls join again with the same knock, which then lets it in.
     * {@code knock} null: a locked room refuses the join ({@code declined}).
     */
    CompletionStage<String> join(RoomId room, String name, PeerChannel channel, WelcomeWriter welcome, Knock knock);

    /** Locks or unlocks the room; everyone connected hears {@code room-lock}. Unlocking admits nobody. */
    CompletionStage<Void> lock(RoomId room, String peerId, boolean locked);

    /** A participant's answer to a knock; the first answer wins, a later one fails with {@code unknown-knock}. */
    CompletionStage<Void> answer(RoomId room, String peerId, String knockId, boolean admit);

    /** The knocking newcomer went away (its socket closed) before it was let in. */
    CompletionStage<Void> withdraw(RoomId room, String knockId);

    /**
     * Re-attaches a peer that lost its connection, or re-admits it when the registry no longer knows it (a
     * restarted process, a Redis that lost its data), then delivers what was kept for it after
     * {@code claim.lastSeq()}. {@code claim} has already been verified.
     */
    CompletionStage<Void> resume(RoomId room, ResumeClaim claim, PeerChannel channel, WelcomeWriter welcome);

    /** {@code size}: the bytes the signal takes (its frame length), for the resume queue's byte bound. */
    CompletionStage<Void> relaySignal(RoomId room, String from, String to, RawJson data, int size);

    /**
     * A signal that carries the sender's ack ({@code ack} &lt; 0: none): both, the ack counting even when the signal is
     * refused. Both at once: in cluster mode each waits for Redis, and one after the other the signal waited twice.
     */
    default CompletionStage<Void> relaySignal(RoomId room, String from, String to, RawJson data, int size,
            PeerChannel channel, long ack) {
        CompletionStage<Void> relayed = relaySignal(room, from, to, data, size);
        return ack < 0 ? relayed : relayed.thenCombine(acknowledge(room, from, channel, ack), (r, a) -> null);
    }

    CompletionStage<Void> chat(RoomId room, String from, String text, Instant sentAt);

    CompletionStage<Void> updateState(RoomId room, String peerId, MediaState state);

    /** The peer has received everything up to {@code seq}: the resume queue forgets it. */
    CompletionStage<Void> acknowledge(RoomId room, String peerId, PeerChannel channel, long seq);

    /** The peer is gone for good; the others hear {@code peer-left} with the reason. */
    CompletionStage<Void> leave(RoomId room, String peerId, PeerChannel channel, LeaveReason reason);

    /** The connection dropped without a goodbye: keep the peer's place for the grace period. */
    CompletionStage<Void> disconnect(RoomId room, String peerId, PeerChannel channel, Instant now);

    /**
     * The process holds too many bytes for clients: empty the largest resume queues held in this process until
     * about {@code bytes} are freed; completes with the bytes freed (0 where queues live elsewhere, e.g. Redis).
     */
    default CompletionStage<Long> shedLargestQueues(long bytes) {
        return java.util.concurrent.CompletableFuture.completedFuture(0L);
    }

    /** Removes peers away since before {@code cutoff}; completes with how many. */
    CompletionStage<Integer> expireAway(Instant cutoff);

    /** Rooms with a peer served by this process. */
    int roomCount();

    /** Peers served by this process, including those within their resume grace (in-memory only). */
    int peerCount();
}
