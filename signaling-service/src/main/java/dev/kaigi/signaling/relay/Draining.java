package dev.kaigi.signaling.relay;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * On SIGTERM: readiness goes DOWN (Quarkus' shutdown delay), new sockets are refused with 503, and open ones are
 * closed with 1012 "service restart" so clients resume elsewhere — their media keeps flowing meanwhile.
 */
@ApplicationScoped
public class Draining implements HttpUpgradeCheck {
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
            live.all().forEach(entry -> entry.connection().close(new CloseReason(1012, "service restart"))
                    .subscribe().with(ok -> { }, failure -> { }));
        }
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return draining.get() ? CheckResult.rejectUpgrade(503) : CheckResult.permitUpgrade();
    }
}
