package dev.kaigi.signaling.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MediaState;
import java.time.Instant;

/**
 * Membership and relay for all rooms. The in-memory implementation serves one instance; a clustered one
 * implements the same contract across replicas. Failures the sender should hear about are
 * {@link dev.kaigi.signaling.protocol.ProtocolException}s.
 */
public interface RoomRegistry {

    /** Adds a new peer and sends it the welcome built by {@code welcome}, before anyone can message it. */
    String join(RoomId room, String name, PeerChannel channel, WelcomeWriter welcome);

    /**
     * Re-attaches a peer that lost its connection, or re-admits it after a restart of this process, then
     * delivers what was kept for it. {@code claim} has already been verified.
     */
    void resume(RoomId room, ResumeClaim claim, PeerChannel channel, WelcomeWriter welcome);

    /** {@code size}: the bytes the signal takes (its frame length), for the resume queue's byte bound. */
    void relaySignal(RoomId room, String from, String to, JsonNode data, int size);

    void chat(RoomId room, String from, String text, Instant sentAt);

    void updateState(RoomId room, String peerId, MediaState state);

    /** The peer is gone for good; the others hear {@code peer-left} with the reason. */
    void leave(RoomId room, String peerId, PeerChannel channel, LeaveReason reason);

    /** The connection dropped without a goodbye: keep the peer's place for the grace period. */
    void disconnect(RoomId room, String peerId, PeerChannel channel, Instant now);

    /** Removes peers away since before {@code cutoff}; returns how many. */
    int expireAway(Instant cutoff);

    int roomCount();

    int peerCount();
}
