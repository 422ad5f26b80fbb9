package dev.kaigi.signaling.cluster;

import static org.awaitility.Awaitility.await;

import dev.kaigi.signaling.protocol.Limits;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.room.RoomRegistry;
import dev.kaigi.signaling.room.RoomRegistryContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract against a real Redis, with each room's peers spread over two replicas. */
class RedisRoomRegistryTest extends RoomRegistryContract {
    private static RedisServer server;
    private static Vertx vertx;
    private static final List<NodeSubscriber> subscribers = new ArrayList<>();
    private static final List<RedisRoomRegistry> replicas = new ArrayList<>();

    @BeforeAll
    static void startRedisAndTwoReplicas() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, server.url());
        MessageCodec codec = new MessageCodec(new Limits(64, 2000, 32768), 65536);
        for (String node : List.of("replica-a", "replica-b")) {
            ClusterMetrics metrics = new ClusterMetrics(new SimpleMeterRegistry());
            RegistryScript script = new RegistryScript(redis, new Deadlines(vertx, 5000), metrics);
            LocalPeers local = new LocalPeers(metrics);
            var limits = new RedisRoomRegistry.Limits(MAX_PEERS, QUEUE_MESSAGES, QUEUE_BYTES, 3_600_000, 60_000,
                    6_000);
            replicas.add(new RedisRoomRegistry(script, local, codec, node, limits, Clock.systemUTC()));
            NodeSubscriber subscriber = new NodeSubscriber(vertx, redis, "kaigi:node:" + node, local::onMessage,
                    local::resyncAll);
            subscriber.start();
            subscribers.add(subscriber);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.stream().allMatch(NodeSubscriber::isUp));
    }

    @AfterAll
    static void stop() {
        subscribers.forEach(NodeSubscriber::stop);
        vertx.close().toCompletionStage().toCompletableFuture().join();
        server.stop();
    }

    @Override
    protected RoomRegistry replica(int n) {
        return replicas.get(n % replicas.size());
    }

    @Override
    protected void settle() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
