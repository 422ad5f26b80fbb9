package dev.kaigi.signaling.cluster;

import dev.kaigi.signaling.protocol.ServerMessage;
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
    private List<String[]> held = new ArrayList<>();
    private long epoch = -1;
    private long lastSeq;

    LocalAttachment(String peerId, String room, PeerChannel channel) {
        this.peerId = peerId;
        this.room = room;
        this.channel = channel;
    }

    synchronized long epoch() {
        return epoch;
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

    /** One line from Redis for this peer: kind P (presence), D (content, with seq) or K (attached elsewhere). */
    synchronized boolean receive(String kind, String seq, String frame) {
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
