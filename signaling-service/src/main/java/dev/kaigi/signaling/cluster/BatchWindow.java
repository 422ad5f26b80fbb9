package dev.kaigi.signaling.cluster;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * How long a relay operation that finds Redis idle waits for others to join its batch. Zero still waits for the
 * rest of the event loop's turn, so frames read from several sockets at once leave in one call. Event-loop timers
 * tick in milliseconds, so a window of more than zero lasts at least one.
 */
@FunctionalInterface
interface BatchWindow {

    /** Runs {@code task} once the window has passed, on the caller's event loop. */
    void afterwards(Runnable task);

    static BatchWindow of(Vertx vertx, Duration length) {
        if (length.isZero() || length.isNegative()) {
            return task -> vertx.getOrCreateContext().runOnContext(ignored -> task.run());
        }
        long millis = Math.max(1, (length.toNanos() + 999_999) / 1_000_000);
        return task -> vertx.setTimer(millis, id -> task.run());
    }
}
