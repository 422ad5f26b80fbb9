package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.SignalingConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Caps per client address: open sockets, and joins (or resumes) per minute. One address cannot take a replica's
 * sockets or mint TURN credentials without bound. Entries disappear when unused, so memory follows live clients.
 */
@Singleton
public class ClientAddresses {
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> joins = new ConcurrentHashMap<>();
    private final int maxConnections;
    private final int joinsPerMinute;
    private final Counter refusedConnections;
    private final Counter refusedJoins;
    private final boolean behindProxy;

    public ClientAddresses(SignalingConfig config, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
            boolean behindProxy) {
        this.behindProxy = behindProxy;
        this.maxConnections = config.perAddress().maxConnections();
        this.joinsPerMinute = config.perAddress().joinsPerMinute();
        this.refusedConnections = Counter.builder("kaigi.signaling.refused.addresses").tag("reason", "connections")
                .description("Sockets or joins refused by the per-address caps").register(meters);
        this.refusedJoins = Counter.builder("kaigi.signaling.refused.addresses").tag("reason", "joins")
                .description("Sockets or joins refused by the per-address caps").register(meters);
    }

    /**
     * The address a request comes from: the proxy's forwarded one when Quarkus is told to trust it, otherwise the
     * connection's peer. Asked for its remote address, Quarkus' request wrapper first works out the request's scheme,
     * host and URI, ≈ 1 KB of garbage per WebSocket upgrade, for nothing when no proxy is trusted.
     */
    public String of(HttpServerRequest request) {
        SocketAddress remote = behindProxy ? request.remoteAddress() : request.connection().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** False when this address already holds its share of sockets. */
    boolean tryOpen(String address) {
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < maxConnections;
            return admitted[0] ? current + 1 : count;
        });
        if (!admitted[0]) {
            refusedConnections.increment();
        }
        return admitted[0];
    }

    void closed(String address) {
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** False when this address joined too often in the last minute. */
    public boolean tryJoin(String address) {
        long now = System.nanoTime();
        TokenBucket bucket = joins.computeIfAbsent(address,
                key -> new TokenBucket(joinsPerMinute, joinsPerMinute / 60.0, now));
        if (bucket.tryTake(now)) {
            return true;
        }
        refusedJoins.increment();
        return false;
    }

    /** Forgets addresses whose join allowance has refilled completely and that hold no socket. */
    void forgetIdle() {
        long now = System.nanoTime();
        joins.entrySet().removeIf(entry -> !open.containsKey(entry.getKey()) && entry.getValue().isFull(now));
    }
}
