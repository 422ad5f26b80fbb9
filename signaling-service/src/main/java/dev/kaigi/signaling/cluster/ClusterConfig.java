package dev.kaigi.signaling.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Cluster mode ({@code kaigi.signaling.registry=redis}); Redis itself is configured with {@code quarkus.redis.*}. */
@ConfigMapping(prefix = "kaigi.signaling.cluster")
public interface ClusterConfig {

    /** This replica's name in Redis; default: the host name plus a random suffix (unique per process). */
    Optional<String> nodeId();

    /** How often a replica renews its liveness entry and sweeps dead replicas and expired peers. */
    @WithDefault("2s")
    Duration nodeHeartbeat();

    /** A replica silent for this long is dead: its peers become away (then leave after the resume grace). */
    @WithDefault("6s")
    Duration nodeTimeout();

    /** Lifetime of room and peer keys; the replica serving a peer renews them, so they outlive no one by more. */
    @WithDefault("2m")
    Duration keyTtl();

    /**
     * How long a relayed message that finds Redis idle waits for others to share its call: fewer, larger calls
     * cost Redis and both replicas less CPU per message, at up to this much added latency.
     */
    @WithDefault("0")
    Duration batchWindow();

    /** A Redis command that takes longer fails, and the client hears {@code unavailable}. */
    @WithDefault("2s")
    Duration commandTimeout();
}
