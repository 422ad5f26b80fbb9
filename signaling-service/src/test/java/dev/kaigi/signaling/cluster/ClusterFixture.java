package dev.kaigi.signaling.cluster;

import dev.kaigi.signaling.relay.SignalingProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real Redis and packaged signaling replicas in cluster mode against it, with short timings for tests. */
final class ClusterFixture implements AutoCloseable {
    /** Test timings: a dead replica is noticed after 2 s, an away peer leaves after 3 s. */
    static final Duration NODE_HEARTBEAT = Duration.ofMillis(500);
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration GRACE = Duration.ofSeconds(3);

    private static final String REDIS_PASSWORD = "it-redis-password-0123456789";
    final RedisServer redis = RedisServer.start(REDIS_PASSWORD);
    final List<SignalingProcess> replicas = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>(Map.of(
            "QUARKUS_PROFILE", "prod",
            "KAIGI_JOIN_TOKEN_SECRET", "it-join-token-secret-0123456789abcdefghijkl",
            "KAIGI_RESUME_SECRET", "it-resume-secret-0123456789abcdefghijklmnop",
            "KAIGI_SHUTDOWN_DELAY", "1s",
            "KAIGI_REGISTRY", "redis",
            "KAIGI_SIGNALING_PER_ADDRESS_JOINS_PER_MINUTE", "10000000",
            "KAIGI_SIGNALING_RESUME_GRACE", GRACE.toMillis() + "ms",
            "KAIGI_SIGNALING_CLUSTER_NODE_HEARTBEAT", NODE_HEARTBEAT.toMillis() + "ms",
            "KAIGI_SIGNALING_CLUSTER_NODE_TIMEOUT", NODE_TIMEOUT.toMillis() + "ms"));
    private Vertx vertx;
    private Redis client;

    ClusterFixture with(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Starts {@code count} replicas and waits until all are ready. */
    ClusterFixture start(int count) throws Exception {
        // As in the Kubernetes manifests: the address in the hosts, the password from a Secret on its own.
        env.put("QUARKUS_REDIS_HOSTS", redis.url());
        env.put("QUARKUS_REDIS_PASSWORD", REDIS_PASSWORD);
        try {
            for (int i = 0; i < count; i++) {
                replicas.add(SignalingProcess.start(SignalingProcess.freePort(), env));
            }
            for (SignalingProcess replica : replicas) {
                replica.awaitReady(Duration.ofSeconds(60));
            }
            return this;
        } catch (Exception | Error e) {
            // The caller's try-with-resources never got the fixture: stop what did start, Redis included.
            try {
                close();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
    }

    SignalingProcess replica(int n) {
        return replicas.get(n);
    }

    /** Every key Kaigi has in Redis right now. */
    List<String> kaigiKeys() throws Exception {
        if (client == null) {
            vertx = Vertx.vertx();
            client = Redis.createClient(vertx, redis.authenticatedUrl());
        }
        Response keys = client.send(Request.cmd(Command.KEYS).arg("kaigi:*")).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<String> names = new ArrayList<>();
        keys.forEach(key -> names.add(key.toString()));
        return names;
    }

    @Override
    public void close() throws Exception {
        for (SignalingProcess replica : replicas) {
            // Shown in the test report: an operator would have to act on these.
            replica.output().lines().filter(line -> line.contains(" ERROR ")).forEach(System.out::println);
            replica.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        redis.close();
    }
}
