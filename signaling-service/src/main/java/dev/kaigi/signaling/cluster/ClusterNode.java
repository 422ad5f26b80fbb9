package dev.kaigi.signaling.cluster;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * This replica's membership of the cluster: it renews its liveness entry, sweeps replicas that stopped renewing
 * theirs (their peers become away) and peers whose grace ran out, and tells its clients to resume when Redis
 * forgot this replica (it was declared dead, or Redis restarted empty).
 */
final class ClusterNode {
    private static final Logger LOG = Logger.getLogger(ClusterNode.class);
    /** Renewing every peer key on every beat would cost O(peers) per beat; every few beats is enough. */
    private static final int BEATS_PER_KEY_REFRESH = 5;

    private final String id;
    private final RegistryScript script;
    private final RedisRoomRegistry registry;
    private final LocalPeers local;
    private final NodeSubscriber subscriber;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration heartbeat;
    private final Duration grace;
    private final long keyTtlMillis;
    private volatile long lastBeatMillis = -1;
    private volatile String lastFailure = "not started";
    private boolean registered;
    /** When the clients must resume: after a gap in the subscription, and after an eviction. */
    private final ResyncGate resyncs = new ResyncGate();
    private long beats;
    private long timerId = -1;

    ClusterNode(String id, RegistryScript script, RedisRoomRegistry registry, LocalPeers local,
            NodeSubscriber subscriber, Vertx vertx, Clock clock, Duration heartbeat, Duration grace,
            long keyTtlMillis) {
        this.id = id;
        this.script = script;
        this.registry = registry;
        this.local = local;
        this.subscriber = subscriber;
        this.vertx = vertx;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.grace = grace;
        this.keyTtlMillis = keyTtlMillis;
    }

    String id() {
        return id;
    }

    void start() {
        subscriber.start();
        beat();
        timerId = vertx.setPeriodic(heartbeat.toMillis(), t -> beat());
    }

    /**
     * The subscription missed messages (Redis restarted, or the connection dropped): the local clients resume to
     * get them from their queues. First a heartbeat, so they come back to a replica Redis knows again; if Redis
     * forgot this replica too, that heartbeat's eviction and this gap end in one resync instead of two in a row.
     */
    void onSubscriptionGap(long subscription) {
        resyncs.gap(subscription);
        beat();
    }

    private void beat() {
        boolean refresh = beats++ % BEATS_PER_KEY_REFRESH == 0;
        script.call("heartbeat", clock.millis(), keyTtlMillis, id, registered ? "1" : "0", refresh ? "1" : "0")
                .thenCompose(status -> {
                    boolean evicted = "evicted".equals(status.toString());
                    if (evicted) {
                        LOG.warnf("replica %s was declared dead by the cluster; its %d clients resume",
                                id, local.peerCount());
                        resyncs.evicted();
                    }
                    resyncIfPending();
                    registered = true;
                    lastBeatMillis = System.currentTimeMillis();
                    registry.recordMissedDisconnects();
                    registry.forwardHeldAcks(false);
                    return registry.expireAway(clock.instant().minus(grace));
                })
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        lastFailure = script.lastFailure();
                        resyncIfPending(); // a gap's resync does not wait for Redis to answer again
                    }
                });
    }

    private void resyncIfPending() {
        if (resyncs.resyncNow(subscriber.current())) {
            local.resyncAll();
        }
    }

    /** Null when healthy, else why not: for the readiness check. */
    String problem() {
        if (!subscriber.isUp()) {
            return "Redis subscription is down";
        }
        long age = System.currentTimeMillis() - lastBeatMillis;
        if (lastBeatMillis < 0 || age > 3 * heartbeat.toMillis()) {
            return "no successful Redis heartbeat for " + (lastBeatMillis < 0 ? "ever" : age + " ms") + ": "
                    + lastFailure;
        }
        return null;
    }

    /** Called on shutdown: remaining peers go away at once, so the survivors need not wait for a timeout. */
    CompletionStage<?> retire() {
        vertx.cancelTimer(timerId);
        subscriber.stop();
        // Before the peers go away, so their queues keep only what their clients have not acknowledged.
        return registry.forwardHeldAcks(true).handle((ok, failure) -> null)
                .thenCompose(ignored -> script.call("retire", clock.millis(), keyTtlMillis, id));
    }
}
