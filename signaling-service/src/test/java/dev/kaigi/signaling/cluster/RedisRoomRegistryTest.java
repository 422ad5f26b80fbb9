package dev.kaigi.signaling.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaigi.signaling.protocol.Limits;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.RawJson;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.RecordingChannel;
import dev.kaigi.signaling.room.RoomId;
import dev.kaigi.signaling.room.RoomRegistry;
import dev.kaigi.signaling.room.WelcomeWriter;
import dev.kaigi.signaling.room.RoomRegistryContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract against a real Redis, with each room's peers spread over two replicas. */
class RedisRoomRegistryTest extends RoomRegistryContract {
    private static final Function<RoomId, WelcomeWriter> WELCOME = room -> (id, name, others, resumed, dropped, door) ->
            new ServerMessage.Welcome(1, room.value(), id, others, "resume", null, resumed, dropped,
                        door.locked(), door.lobby(), null);
    private static RedisServer server;
    private static Vertx vertx;
    private static final List<NodeSubscriber> subscribers = new ArrayList<>();
    private static final List<RedisRoomRegistry> replicas = new ArrayList<>();
    private static final List<SimpleMeterRegistry> meters = new ArrayList<>();

    @BeforeAll
    static void startRedisAndTwoReplicas() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, server.url());
        MessageCodec codec = new MessageCodec(new Limits(64, 2000, 32768), 65536);
        for (String node : List.of("replica-a", "replica-b")) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            meters.add(registry);
            ClusterMetrics metrics = new ClusterMetrics(registry);
            RegistryScript script = new RegistryScript(redis, new Deadlines(vertx, 5000), metrics);
            LocalPeers local = new LocalPeers(metrics);
            var limits = new RedisRoomRegistry.Limits(MAX_PEERS, QUEUE_MESSAGES, QUEUE_BYTES, 3_600_000, 60_000,
                    6_000);
            replicas.add(new RedisRoomRegistry(script, new RelayBatcher(script,
                    Clock.systemUTC(), limits.keyTtlMillis(), BatchWindow.of(vertx, Duration.ZERO)), local, codec, node,
                    limits, Clock.systemUTC()));
            NodeSubscriber subscriber = new NodeSubscriber(vertx, redis, "kaigi:node:" + node, local::onMessage,
                    subscription -> local.resyncAll());
            subscriber.start();
            subscribers.add(subscriber);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.stream().allMatch(NodeSubscriber::isUp));
    }

    @AfterAll
    static void stop() {
        subscribers.forEach(NodeSubscriber::stop);
        vertx.close().toCompletionStage().toCompletableFuture().join();
        server.close();
    }

    @Test
    void busyReplicaBatchesManySendersIntoOneCallAndKeepsEachSendersOrder() throws Exception {
        RedisRoomRegistry replica = replicas.get(0);
        int senders = 12;
        int each = 40;
        List<RecordingChannel> inboxes = new ArrayList<>();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            RoomId room = new RoomId("batch-" + s + "-" + System.nanoTime());
            RecordingChannel inbox = new RecordingChannel();
            inboxes.add(inbox);
            String to = replica.join(room, "to", inbox, WELCOME.apply(room)).toCompletableFuture().get(5, SECONDS);
            String from = replica.join(room, "from", new RecordingChannel(), WELCOME.apply(room))
                    .toCompletableFuture().get(5, SECONDS);
            running.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    replica.relaySignal(room, from, to, new RawJson("{\"n\":" + i + "}"), 64)
                            .toCompletableFuture().join();
                }
            }));
        }
        for (CompletableFuture<Void> sender : running) {
            sender.get(30, SECONDS);
        }
        for (RecordingChannel inbox : inboxes) {
            List<Integer> order = inbox.await("signal", each).stream().map(f -> f.path("data").path("n").asInt())
                    .toList();
            assertEquals(IntStream.range(0, each).boxed().toList(), order);
        }
        double batches = meters.get(0).find("kaigi.signaling.cluster.redis.commands").tag("op", "batch").timer()
                .count();
        assertTrue(batches > 0, "twelve concurrent senders on one replica never shared a script call");
    }

    @Test
    void operationsArrivingWithinTheBatchWindowOfAnIdleReplicaLeaveInOneCall() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Redis client = Redis.createClient(vertx, server.url());
        RegistryScript script = new RegistryScript(client, new Deadlines(vertx, 5000), new ClusterMetrics(registry));
        RelayBatcher batcher = new RelayBatcher(script, Clock.systemUTC(), 60_000,
                BatchWindow.of(vertx, Duration.ofMillis(300)));
        List<CompletableFuture<String>> statuses = new CopyOnWriteArrayList<>();
        vertx.runOnContext(ignored -> {
            for (int i = 0; i < 5; i++) {
                statuses.add(batcher.submit("ack", "window-room", "nobody-" + i, "replica-x", 1, 1)
                        .toCompletableFuture());
            }
        });
        await().atMost(5, SECONDS).until(() -> statuses.size() == 5 && statuses.stream().allMatch(f -> f.isDone()));
        for (CompletableFuture<String> status : statuses) {
            assertEquals("not-joined", status.get());
        }
        assertEquals(1, registry.find("kaigi.signaling.cluster.redis.commands").tag("op", "batch").timer().count());
        assertEquals(null, registry.find("kaigi.signaling.cluster.redis.commands").tag("op", "ack").timer());
        client.close();
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
