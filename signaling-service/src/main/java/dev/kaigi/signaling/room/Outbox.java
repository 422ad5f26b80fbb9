package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The resume queue of one peer: content (signals, chat) numbered with {@code seq} and kept until the client
 * acknowledges it, because frames written just before a socket dies are lost in TCP buffers. Bounded by count and
 * bytes: while the peer is connected the oldest unacknowledged entry is evicted to make room (it was sent; only a
 * drop right now would lose it); while it is away nothing is evicted, new content is refused and both sides hear.
 * <p>
 * An entry is the frame as written, one array: every young collection copies what is unacknowledged, and an entry
 * kept as its message (entry, message, boxed seq, data and the sender's whole frame) was six objects to copy; as one
 * array the pauses at 20 000 msgs/s were a sixth shorter (docs/benchmarks.md). Seqs are consecutive, so an entry's
 * seq is its place in the ring.
 */
final class Outbox {
    private static final byte[][] NO_FRAMES = {};
    private static final int[] NO_SIZES = {};
    private static final int FIRST_CAPACITY = 8;

    private final int maxMessages;
    private final int maxBytes;
    private final QueuedBytes queued;
    private final MessageCodec codec;
    /** A ring, oldest first from {@code head}; allocated at the first entry, grown up to one past the count bound. */
    private byte[][] frames = NO_FRAMES;
    /** What each entry counts against the byte bound (the caller's size, not always the frame's length). */
    private int[] sizes = NO_SIZES;
    private int head;
    private int count;
    private long lastSeq;
    private volatile int bytes;
    private int refused;

    Outbox(int maxMessages, int maxBytes, long firstSeq, QueuedBytes queued, MessageCodec codec) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.queued = queued;
        this.codec = codec;
        this.lastSeq = firstSeq - 1;
    }

    /** Numbers a message and keeps its frame, which it returns; null when it cannot be kept for an away peer. */
    byte[] add(LongFunction<ServerMessage> numbered, int size, boolean away) {
        if (away && (count >= maxMessages || bytes + size > maxBytes)) {
            refused++;
            return null;
        }
        byte[] frame = codec.encodeUtf8(numbered.apply(++lastSeq));
        if (count == frames.length) {
            grow();
        }
        int slot = (head + count) % frames.length;
        frames[slot] = frame;
        sizes[slot] = size;
        count++;
        bytes += size;
        queued.add(size);
        while (count > maxMessages || bytes > maxBytes) {
            removeOldest();
        }
        return frame;
    }

    /** Forgets everything up to {@code seq}, which the client has received. */
    void acknowledge(long seq) {
        while (count > 0 && oldestSeq() <= seq) {
            removeOldest();
        }
    }

    /** Drops everything kept (the process is short of memory, or the peer is gone); returns the bytes freed. */
    int discard() {
        int freed = bytes;
        while (count > 0) {
            removeOldest();
        }
        return freed;
    }

    int bytes() {
        return bytes;
    }

    /** Everything after {@code acknowledged}, oldest first. */
    List<byte[]> replayAfter(long acknowledged) {
        List<byte[]> replay = new ArrayList<>();
        long seq = oldestSeq();
        for (int i = 0; i < count; i++, seq++) {
            if (seq > acknowledged) {
                replay.add(frames[(head + i) % frames.length]);
            }
        }
        return replay;
    }

    /** Messages the peer will never get: evicted before it acknowledged them, or refused while it was away. */
    int lostAfter(long acknowledged) {
        long evicted = Math.max(0, oldestSeq() - Math.min(acknowledged, lastSeq) - 1);
        int lost = (int) evicted + refused;
        refused = 0;
        return lost;
    }

    int size() {
        return count;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** The seq of the oldest entry kept; with none kept, the next seq. */
    private long oldestSeq() {
        return lastSeq - count + 1;
    }

    private void removeOldest() {
        int size = sizes[head];
        frames[head] = null;
        head = (head + 1) % frames.length;
        count--;
        bytes -= size;
        queued.release(size);
    }

    private void grow() {
        int capacity = Math.min(maxMessages + 1, Math.max(FIRST_CAPACITY, frames.length * 2));
        byte[][] grownFrames = new byte[capacity][];
        int[] grownSizes = new int[capacity];
        for (int i = 0; i < count; i++) {
            grownFrames[i] = frames[(head + i) % frames.length];
            grownSizes[i] = sizes[(head + i) % frames.length];
        }
        frames = grownFrames;
        sizes = grownSizes;
        head = 0;
    }
}
