package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The content (signals, chat) sent to one peer, numbered, with the latest ones kept. Frames written just before
 * a socket dies are lost in TCP buffers, so a resuming client names the last {@code seq} it saw and gets
 * everything after it again. While the peer is away nothing is evicted that it has not seen: new content is
 * refused instead, and the refusal is reported to both sides.
 */
final class Outbox {
    private record Entry(long seq, ServerMessage message, int bytes) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final int maxMessages;
    private final int maxBytes;
    private long lastSeq;
    private long lastSentSeq;
    private int bytes;
    private int refused;

    Outbox(int maxMessages, int maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Numbers and keeps a message; null when it cannot be kept for an away peer. */
    ServerMessage add(LongFunction<ServerMessage> numbered, int size, boolean away) {
        if (away && (unsent() >= maxMessages || unsentBytes() + size > maxBytes)) {
            refused++;
            return null;
        }
        ServerMessage message = numbered.apply(++lastSeq);
        entries.addLast(new Entry(lastSeq, message, size));
        bytes += size;
        if (!away) {
            lastSentSeq = lastSeq;
        }
        while ((entries.size() > maxMessages || bytes > maxBytes) && entries.peekFirst().seq() <= lastSentSeq) {
            bytes -= entries.removeFirst().bytes();
        }
        return message;
    }

    /** Everything after {@code acknowledged}, oldest first; marks it sent. */
    List<ServerMessage> replayAfter(long acknowledged) {
        List<ServerMessage> replay = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.seq() > acknowledged) {
                replay.add(entry.message());
            }
        }
        lastSentSeq = lastSeq;
        return replay;
    }

    /** Messages the peer will never get: evicted before it acknowledged them, or refused while it was away. */
    int lostAfter(long acknowledged) {
        long oldestKept = entries.isEmpty() ? lastSeq + 1 : entries.peekFirst().seq();
        long evicted = Math.max(0, oldestKept - Math.min(acknowledged, lastSeq) - 1);
        int lost = (int) evicted + refused;
        refused = 0;
        return lost;
    }

    private long unsent() {
        return lastSeq - lastSentSeq;
    }

    private int unsentBytes() {
        int total = 0;
        for (var it = entries.descendingIterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.seq() <= lastSentSeq) {
                break;
            }
            total += entry.bytes();
        }
        return total;
    }
}
