package dev.kaigi.signaling.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long a relay operation that finds Redis idle waits for others to join its batch. Zero still waits for the
 * rest of the event loop's turn, so frames read from several sockets at once leave in one call.
 */
@FunctionalInterface
interface BatchWindow {

    /** Runs {@code task} once the window has passed, on the caller's event loop. */
    void afterwards(Runnable task);

    static BatchWindow of(Vertx vertx, Duration length) {
        long micros = length.toNanos() / 1000;
        return task -> {
            Context context = vertx.getOrCreateContext();
            if (micros <= 0) {
                context.runOnContext(ignored -> task.run());
            } else {
                ((ContextInternal) context).nettyEventLoop().schedule(task, micros, TimeUnit.MICROSECONDS);
            }
        };
    }
}
