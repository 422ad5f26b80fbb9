package dev.kaigi.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueuedBytesTest {
    @Test
    void countsWhatSocketsHaveNotSentBesideTheResumeQueues() {
        QueuedBytes queued = new QueuedBytes(1_000, () -> 600);
        queued.add(300);
        assertEquals(900, queued.bytes());
        assertFalse(queued.isOver());
        queued.add(200);
        assertTrue(queued.isOver());
        assertEquals(100, queued.excess());
        queued.release(500);
        assertEquals(0, queued.excess());
    }

    @Test
    void readsTheSocketsAtMostEveryHundredMilliseconds() {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong unsent = new AtomicLong(5);
        QueuedBytes queued = new QueuedBytes(Long.MAX_VALUE, () -> {
            reads.incrementAndGet();
            return unsent.get();
        });
        long start = System.nanoTime();
        assertEquals(5, queued.bytes());
        unsent.set(7);
        for (int i = 0; i < 100_000; i++) {
            queued.isOver();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(reads.get() <= 1 + elapsedMillis / 100,
                reads.get() + " reads of every socket in " + elapsedMillis + " ms");
        while (reads.get() == 1 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
            Thread.onSpinWait();
            queued.isOver();
        }
        assertEquals(7, queued.bytes(), "a reading older than 100 ms is taken again");
    }
}
