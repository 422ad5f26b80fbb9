package dev.kaigi.signaling.cluster;

import dev.kaigi.signaling.SignalingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready unless cluster mode has lost Redis: then DOWN with the reason, and up again by itself when it returns. */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {
    private final SignalingConfig config;
    private final Cluster cluster;

    public ClusterReadiness(SignalingConfig config, Cluster cluster) {
        this.config = config;
        this.cluster = cluster;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("room-registry")
                .withData("registry", config.registry().name().toLowerCase());
        if (config.registry() != SignalingConfig.RegistryKind.REDIS) {
            return response.up().build();
        }
        String problem = cluster.problem();
        response.withData("node", String.valueOf(cluster.nodeId()));
        return problem == null ? response.up().build() : response.down().withData("reason", problem).build();
    }
}
