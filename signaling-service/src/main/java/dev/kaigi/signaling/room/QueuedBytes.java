package dev.kaigi.signaling.room;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Every byte this process holds for clients: resume queues (in-memory registry), counted as they change, and frames
 * written to sockets but not yet taken by the kernel, read from the sockets' own buffers at most every 100 ms
 * (counting each write and its completion instead cost a listener per relayed message, docs/benchmarks.md). Past the
 * limit new joins are refused and the largest resume queues are shed.
 */
public final class QueuedBytes {
    private static final long UNSENT_MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final AtomicLong queued = new AtomicLong();
    private final long limit;
    private final LongSupplier unsent;
    /** The last reading of {@link #unsent} and when it was taken; two threads may both take one, either is fresh. */
    private volatile long unsentBytes;
    private volatile long unsentReadAt;

    /** {@code unsent} sums what the sockets still hold; it visits every socket, so it is read sparingly. */
    public QueuedBytes(long limit, LongSupplier unsent) {
        this.limit = limit;
        this.unsent = unsent;
        this.unsentReadAt = System.nanoTime() - UNSENT_MAX_AGE_NANOS - 1; // the first question reads them
    }

    public void add(long size) {
        queued.addAndGet(size);
    }

    public void release(long size) {
        queued.addAndGet(-size);
    }

    public long bytes() {
        return queued.get() + unsent();
    }

    public boolean isOver() {
        return bytes() > limit;
    }

    /** How far above the limit, or 0. */
    public long excess() {
        return Math.max(0, bytes() - limit);
    }

    private long unsent() {
        long now = System.nanoTime();
        if (now - unsentReadAt > UNSENT_MAX_AGE_NANOS) {
            unsentBytes = unsent.getAsLong();
            unsentReadAt = now;
        }
        return unsentBytes;
    }
}
