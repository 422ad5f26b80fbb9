package dev.kaigi.signaling.cluster;

import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.Knock;
import dev.kaigi.signaling.room.PeerChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One peer attached to this replica through one socket. Until Redis confirms the join or resume, frames that
 * arrive for the peer are held back, because the welcome (and the replay) must come first; then content already
 * replayed is skipped, so nothing is duplicated.
 */
final class LocalAttachment {
    final String peerId;
    final String room;
    final PeerChannel channel;
    /** Set when this attachment is a newcomer knocking (keyed by its knock id), not a peer. */
    final Knock knock;
    private List<String[]> held = new ArrayList<>();
    private long epoch = -1;
    private long lastSeq;
    /** The client's latest ack, and the latest one passed on to Redis, which trims the queue only now and then. */
    private long acked;
    private long ackForwarded;
    /** {@link #acked} as of the previous heartbeat: a peer still acking reaches the stride on its own. */
    private long ackedAtLastBeat;

    LocalAttachment(String peerId, String room, PeerChannel channel) {
        this(peerId, room, channel, null);
    }

    private LocalAttachment(String id, String room, PeerChannel channel, Knock knock) {
        this.peerId = id;
        this.room = room;
        this.channel = channel;
        this.knock = knock;
    }

    /** A newcomer at a locked room's door, waiting for the answer line (L). */
    static LocalAttachment knocking(Knock knock, String room, PeerChannel channel) {
        return new LocalAttachment(knock.id(), room, channel, knock);
    }

    /** Redis has the knock: tell the newcomer, then pass on an answer that came meanwhile. */
    void confirmKnock(ServerMessage.Knocking knocking) {
        List<String[]> backlog;
        synchronized (this) {
            channel.send(knocking);
            backlog = held;
            held = null;
        }
        // The answer runs the newcomer's join: outside this lock, like every registry callback.
        backlog.forEach(line -> receive(line[0], line[1], line[2]));
    }

    synchronized long epoch() {
        return epoch;
    }

    /**
     * Records the client's ack; returns the seq to pass on to Redis now, or -1 while it is less than
     * {@code stride} past the last one passed on.
     */
    synchronized long ack(long claimed, int stride) {
        long seq = Math.min(claimed, lastSeq); // beyond what was sent it would hold back every later ack
        if (seq <= acked) {
            return -1;
        }
        acked = seq;
        if (seq - ackForwarded < stride) {
            return -1;
        }
        ackForwarded = seq;
        return seq;
    }

    /**
     * For the heartbeat: the ack held back if the client has not acked since the previous beat (gone quiet), now
     * counted as passed on; else -1. So each beat passes on the acks of quiet peers only, not one of every peer.
     */
    synchronized long quietAck() {
        boolean quiet = acked == ackedAtLastBeat;
        ackedAtLastBeat = acked;
        return quiet ? unforwardedAck() : -1;
    }

    /** The ack not yet passed on to Redis, now counted as passed on; -1 if there is none. */
    synchronized long unforwardedAck() {
        if (acked <= ackForwarded) {
            return -1;
        }
        ackForwarded = acked;
        return acked;
    }

    /** Sends the welcome and the replay, then what arrived meanwhile. */
    synchronized void confirm(long epoch, ServerMessage.Welcome welcome, long lastSeq, List<Numbered> replay) {
        this.epoch = epoch;
        this.lastSeq = Math.min(lastSeq, replay.isEmpty() ? lastSeq : replay.get(0).seq() - 1);
        channel.send(welcome);
        replay.forEach(entry -> content(entry.seq(), entry.frame()));
        this.lastSeq = Math.max(this.lastSeq, lastSeq);
        List<String[]> backlog = held;
        held = null;
        backlog.forEach(line -> receive(line[0], line[1], line[2]));
    }

    /**
     * One line from Redis for this peer: kind P (presence), D (content, with seq), K (attached elsewhere), or for
     * a knocking newcomer L (answered: 1 admitted, 0 declined).
     */
    boolean receive(String kind, String seq, String frame) {
        if (kind.equals("L")) {
            synchronized (this) {
                if (held != null) {
                    held.add(new String[] {kind, seq, frame});
                    return true;
                }
            }
            if (knock != null) {
                knock.onAnswer().accept("1".equals(seq));
            }
            return true;
        }
        return receiveFrame(kind, seq, frame);
    }

    private synchronized boolean receiveFrame(String kind, String seq, String frame) {
        if (held != null) {
            held.add(new String[] {kind, seq, frame});
            return true;
        }
        switch (kind) {
            case "P" -> channel.sendFrame(frame);
            case "D" -> {
                return content(Long.parseLong(seq), frame);
            }
            case "K" -> {
                if (epoch < Long.parseLong(seq)) {
                    channel.close(4000, "resumed on another connection");
                }
            }
            default -> throw new IllegalArgumentException("unknown line kind " + kind);
        }
        return true;
    }

    /** False when a frame was missed (a gap in seq): the socket must resume to get it from the queue. */
    private boolean content(long seq, String frameWithoutSeq) {
        if (seq <= lastSeq) {
            return true; // already sent, in the replay
        }
        if (seq > lastSeq + 1) {
            return false;
        }
        lastSeq = seq;
        channel.sendFrame(withSeq(frameWithoutSeq, seq));
        return true;
    }

    static String withSeq(String frame, long seq) {
        return frame.substring(0, frame.length() - 1) + ",\"seq\":" + seq + "}";
    }

    record Numbered(long seq, String frame) {
    }
}
