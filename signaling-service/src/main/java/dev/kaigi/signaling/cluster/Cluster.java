package dev.kaigi.signaling.cluster;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.protocol.MessageCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Cluster mode's parts, built only when {@code kaigi.signaling.registry=redis}: the Redis registry, this
 * replica's subscription and heartbeat. The Redis client is the one {@code quarkus-redis-client} configures from
 * {@code quarkus.redis.*} (standalone or Sentinel).
 */
@ApplicationScoped
public class Cluster {
    private static final Logger LOG = Logger.getLogger(Cluster.class);
    private final SignalingConfig config;
    private final ClusterConfig cluster;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final MessageCodec codec;
    private final Clock clock;
    private final Instance<Redis> redis;
    private RedisRoomRegistry registry;
    private volatile ClusterNode node;

    public Cluster(SignalingConfig config, ClusterConfig cluster, Vertx vertx, MeterRegistry meters,
            MessageCodec codec, Clock clock, Instance<Redis> redis) {
        this.config = config;
        this.cluster = cluster;
        this.vertx = vertx;
        this.meters = meters;
        this.codec = codec;
        this.clock = clock;
        this.redis = redis;
    }

    public synchronized RedisRoomRegistry registry() {
        if (registry == null) {
            start();
        }
        return registry;
    }

    private void start() {
        String nodeId = cluster.nodeId().orElseGet(Cluster::defaultNodeId);
        ClusterMetrics metrics = new ClusterMetrics(meters);
        Redis client = redis.get();
        RegistryScript script = new RegistryScript(client,
                new Deadlines(vertx, cluster.commandTimeout().toMillis()), metrics);
        LocalPeers local = new LocalPeers(metrics);
        var limits = new RedisRoomRegistry.Limits(config.maxPeersPerRoom(), config.resume().queueSize(),
                config.resume().queueBytes(), config.resume().tokenTtl().toMillis(), cluster.keyTtl().toMillis(),
                cluster.nodeTimeout().toMillis());
        RelayBatcher relay = new RelayBatcher(script, clock,
                cluster.keyTtl().toMillis(), BatchWindow.of(vertx, cluster.batchWindow()));
        registry = new RedisRoomRegistry(script, relay, local, codec, nodeId, limits, clock);
        NodeSubscriber subscriber = new NodeSubscriber(vertx, client, "kaigi:node:" + nodeId, local::onMessage,
                subscription -> node.onSubscriptionGap(subscription));
        node = new ClusterNode(nodeId, script, registry, local, subscriber, vertx, clock,
                cluster.nodeHeartbeat(), config.resume().grace(), cluster.keyTtl().toMillis());
        node.start();
        LOG.infof("cluster mode: replica %s shares rooms through Redis", nodeId);
    }

    /** Null when this replica can serve (always, in memory mode); else the reason, for readiness. */
    public synchronized String problem() {
        return node == null ? null : node.problem();
    }

    public synchronized String nodeId() {
        return node == null ? null : node.id();
    }

    void onStop(@Observes ShutdownEvent event) {
        ClusterNode current;
        synchronized (this) {
            current = node;
        }
        if (current != null) {
            try {
                current.retire().toCompletableFuture().get(cluster.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warnf("could not hand this replica's peers over on shutdown: %s", e.toString());
            }
        }
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "replica";
        }
        return host.replaceAll("[^A-Za-z0-9_.-]", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
