package dev.kaigi.signaling.room;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Every byte this process holds for clients: resume queues (in-memory registry) and frames written to sockets
 * but not yet taken by the kernel. Past the limit new joins are refused and the largest resume queues are shed.
 */
public final class QueuedBytes {
    private final AtomicLong bytes = new AtomicLong();
    private final long limit;

    public QueuedBytes(long limit) {
        this.limit = limit;
    }

    public void add(long size) {
        bytes.addAndGet(size);
    }

    public void release(long size) {
        bytes.addAndGet(-size);
    }

    public long bytes() {
        return bytes.get();
    }

    public boolean isOver() {
        return bytes.get() > limit;
    }

    /** How far above the limit, or 0. */
    public long excess() {
        return Math.max(0, bytes.get() - limit);
    }
}
