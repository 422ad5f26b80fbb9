package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.MediaState;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;

/** One participant of a room. Guarded by its room's lock in the registry. */
final class Peer {
    final String id;
    final String name;
    MediaState state = MediaState.NOTHING;
    private PeerChannel channel;
    private Instant awaySince;
    private final Outbox outbox;

    Peer(String id, String name, PeerChannel channel, Outbox outbox) {
        this.id = id;
        this.name = name;
        this.channel = channel;
        this.outbox = outbox;
    }

    ServerMessage.PeerInfo info() {
        return new ServerMessage.PeerInfo(id, name, state);
    }

    boolean isAway() {
        return channel == null;
    }

    boolean awayLongerThan(Instant cutoff) {
        return awaySince != null && awaySince.isBefore(cutoff);
    }

    PeerChannel channel() {
        return channel;
    }

    void goAway(Instant now) {
        channel = null;
        awaySince = now;
    }

    void attach(PeerChannel newChannel) {
        channel = newChannel;
        awaySince = null;
    }

    /** Numbers content and sends it now, or keeps it for a resume; false when it cannot be kept. */
    boolean deliver(LongFunction<ServerMessage> numbered, int size) {
        byte[] frame = outbox.add(numbered, size, channel == null);
        if (frame == null) {
            return false;
        }
        if (channel != null) {
            channel.sendFrame(frame);
        }
        return true;
    }

    int lostAfter(long acknowledgedSeq) {
        return outbox.lostAfter(acknowledgedSeq);
    }

    List<byte[]> replayAfter(long acknowledgedSeq) {
        return outbox.replayAfter(acknowledgedSeq);
    }

    void acknowledge(long seq) {
        outbox.acknowledge(seq);
    }

    int discardQueue() {
        return outbox.discard();
    }

    int queuedBytes() {
        return outbox.bytes();
    }
}
