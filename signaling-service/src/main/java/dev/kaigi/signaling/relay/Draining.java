package dev.kaigi.signaling.relay;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * On SIGTERM: readiness goes DOWN (Quarkus' shutdown delay), new sockets are refused with 503, and open ones are
 * closed with 1012 "service restart" so clients resume elsewhere — their media keeps flowing meanwhile.
 */
@ApplicationScoped
public class Draining {
    private final AtomicBoolean draining = new AtomicBoolean();
    private final LiveConnections live;

    public Draining(LiveConnections live) {
        this.live = live;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        drain();
    }

    private void drain() {
        if (draining.compareAndSet(false, true)) {
            live.all().forEach(entry -> entry.channel().close(1012, "service restart"));
        }
    }

    /** True once shutdown began: new sockets are refused with 503. */
    boolean isDraining() {
        return draining.get();
    }
}
