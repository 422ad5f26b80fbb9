package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The resume queue of one peer: content (signals, chat) numbered with {@code seq} and kept until the client
 * acknowledges it, because frames written just before a socket dies are lost in TCP buffers. Bounded by count and
 * bytes: while the peer is connected the oldest unacknowledged entry is evicted to make room (it was sent; only a
 * drop right now would lose it); while it is away nothing is evicted, new content is refused and both sides hear.
 */
final class Outbox {
    private record Entry(long seq, ServerMessage message, int bytes) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final int maxMessages;
    private final int maxBytes;
    private final QueuedBytes queued;
    private long lastSeq;
    private volatile int bytes;
    private int refused;

    Outbox(int maxMessages, int maxBytes, long firstSeq, QueuedBytes queued) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.queued = queued;
        this.lastSeq = firstSeq - 1;
    }

    /** Numbers and keeps a message; null when it cannot be kept for an away peer. */
    ServerMessage add(LongFunction<ServerMessage> numbered, int size, boolean away) {
        if (away && (entries.size() >= maxMessages || bytes + size > maxBytes)) {
            refused++;
            return null;
        }
        ServerMessage message = numbered.apply(++lastSeq);
        entries.addLast(new Entry(lastSeq, message, size));
        bytes += size;
        queued.add(size);
        while (entries.size() > maxMessages || bytes > maxBytes) {
            removeOldest();
        }
        return message;
    }

    /** Forgets everything up to {@code seq}, which the client has received. */
    void acknowledge(long seq) {
        while (!entries.isEmpty() && entries.peekFirst().seq() <= seq) {
            removeOldest();
        }
    }

    /** Drops everything kept (the process is short of memory, or the peer is gone); returns the bytes freed. */
    int discard() {
        int freed = bytes;
        while (!entries.isEmpty()) {
            removeOldest();
        }
        return freed;
    }

    int bytes() {
        return bytes;
    }

    private void removeOldest() {
        int size = entries.removeFirst().bytes();
        bytes -= size;
        queued.release(size);
    }

    /** Everything after {@code acknowledged}, oldest first. */
    List<ServerMessage> replayAfter(long acknowledged) {
        List<ServerMessage> replay = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.seq() > acknowledged) {
                replay.add(entry.message());
            }
        }
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

    int size() {
        return entries.size();
    }

    long lastSeq() {
        return lastSeq;
    }
}
