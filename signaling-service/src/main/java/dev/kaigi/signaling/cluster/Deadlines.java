package dev.kaigi.signaling.cluster;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Fails Redis calls that take longer than one fixed timeout. {@link CompletableFuture#orTimeout} would schedule
 * and cancel a task on a shared delay queue for every relayed message; since every call has the same timeout,
 * calls expire in the order they started, so one queue checked a few times per timeout is enough.
 */
final class Deadlines {
    private record Pending(long deadlineNanos, CompletableFuture<?> call) {
    }

    private final Deque<Pending> pending = new ArrayDeque<>();
    private final long timeoutNanos;
    private final long timerId;
    private final Vertx vertx;

    Deadlines(Vertx vertx, long timeoutMillis) {
        this.vertx = vertx;
        this.timeoutNanos = timeoutMillis * 1_000_000;
        this.timerId = vertx.setPeriodic(Math.max(10, timeoutMillis / 4), id -> expire());
    }

    <T> CompletableFuture<T> watch(CompletableFuture<T> call) {
        synchronized (pending) {
            pending.addLast(new Pending(System.nanoTime() + timeoutNanos, call));
        }
        return call;
    }

    private void expire() {
        long now = System.nanoTime();
        while (true) {
            Pending head;
            synchronized (pending) {
                head = pending.peekFirst();
                if (head == null || (!head.call.isDone() && head.deadlineNanos - now > 0)) {
                    return;
                }
                pending.removeFirst();
            }
            head.call.completeExceptionally(new TimeoutException("Redis did not answer in time"));
        }
    }

    void stop() {
        vertx.cancelTimer(timerId);
    }
}
