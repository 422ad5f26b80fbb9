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
import dev.kaigi.signaling.room.ResumeClaim;
import dev.kaigi.signaling.room.RoomId;
import dev.kaigi.signaling.room.RoomRegistry;
import dev.kaigi.signaling.room.WelcomeWriter;
import dev.kaigi.signaling.room.RoomRegistryContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    /** A replica whose queues hold 64 messages, so it holds acks back for 16 (the contract's hold 4: stride 1). */
    private static RedisRoomRegistry longQueues;
    private static Redis redis;

    @BeforeAll
    static void startRedisAndTwoReplicas() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, server.url());
        for (String node : List.of("replica-a", "replica-b")) {
            replicas.add(replica(node, QUEUE_MESSAGES));
        }
        longQueues = replica("replica-long", 64);
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.stream().allMatch(NodeSubscriber::isUp));
    }

    private static RedisRoomRegistry replica(String node, int queueMessages) {
        MessageCodec codec = new MessageCodec(new Limits(64, 2000, 32768), 65536);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        meters.add(registry);
        ClusterMetrics metrics = new ClusterMetrics(registry);
        RegistryScript script = new RegistryScript(redis, new Deadlines(vertx, 5000), metrics);
        LocalPeers local = new LocalPeers(metrics);
        var limits = new RedisRoomRegistry.Limits(MAX_PEERS, queueMessages, QUEUE_BYTES, 3_600_000, 60_000, 6_000);
        RedisRoomRegistry replica = new RedisRoomRegistry(script, new RelayBatcher(script, Clock.systemUTC(),
                limits.keyTtlMillis(), BatchWindow.of(vertx, Duration.ZERO)), local, codec, node, limits,
                Clock.systemUTC());
        NodeSubscriber subscriber = new NodeSubscriber(vertx, redis, "kaigi:node:" + node, local::onMessage,
                subscription -> local.resyncAll());
        subscriber.start();
        subscribers.add(subscriber);
        return replica;
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

    @Test
    void acksReachRedisOnceTheyMovedOnBySixteenOrWithTheHeartbeatOnceThePeerIsQuiet() throws Exception {
        Pair pair = Pair.join();
        pair.signal(1, 20);
        for (long seq = 1; seq <= 15; seq++) {
            pair.ack(seq);
        }
        assertEquals(20, queued(pair.to), "acks 1-15 were held back on the replica");
        pair.ack(16);
        assertEquals(4, queued(pair.to), "ack 16 trimmed seq 1-16");
        pair.ack(18);
        assertEquals(4, queued(pair.to));
        get(longQueues.forwardHeldAcks(false));
        assertEquals(4, queued(pair.to), "the peer acked since the last beat: it may still reach the stride itself");
        get(longQueues.forwardHeldAcks(false));
        assertEquals(2, queued(pair.to), "quiet for a beat: the heartbeat passed ack 18 on");
    }

    @Test
    void aDisconnectTakesTheHeldBackAckAlongSoTheAwayPeersQueueKeepsOnlyWhatItMissed() throws Exception {
        Pair pair = Pair.join();
        pair.signal(1, 20);
        pair.ack(19);
        pair.ack(20); // held back: one past the last passed on
        assertEquals(1, queued(pair.to));
        get(longQueues.disconnect(pair.room, pair.to, pair.inbox, Instant.now()));
        assertEquals(0, queued(pair.to));
        RecordingChannel back = new RecordingChannel();
        get(replicas.get(0).resume(pair.room, new ResumeClaim(pair.to, "to", 20), back, WELCOME.apply(pair.room)));
        assertEquals(0, back.first("welcome").path("dropped").asInt());
    }

    @Test
    void anAckBeyondWhatWasSentCountsAsAnAckOfEverythingSentAndLaterAcksStillTrim() throws Exception {
        Pair pair = Pair.join();
        pair.signal(1, 20);
        pair.ack(1_000);
        assertEquals(0, queued(pair.to));
        pair.signal(21, 25);
        pair.ack(25);
        get(longQueues.forwardHeldAcks(true));
        assertEquals(0, queued(pair.to));
    }

    /** A sender and a receiver in a room of their own on the long-queue replica. */
    private record Pair(RoomId room, RecordingChannel inbox, String to, String from) {
        static Pair join() throws Exception {
            RoomId room = new RoomId("acks-" + System.nanoTime());
            RecordingChannel inbox = new RecordingChannel();
            String to = get(longQueues.join(room, "to", inbox, WELCOME.apply(room)));
            String from = get(longQueues.join(room, "from", new RecordingChannel(), WELCOME.apply(room)));
            return new Pair(room, inbox, to, from);
        }

        /** Signals numbered {@code first} to {@code last}, once the receiver has them all. */
        void signal(int first, int last) throws Exception {
            for (int i = first; i <= last; i++) {
                get(longQueues.relaySignal(room, from, to, new RawJson("{\"n\":" + i + "}"), 64));
            }
            inbox.await("signal", last);
        }

        void ack(long seq) throws Exception {
            get(longQueues.acknowledge(room, to, inbox, seq));
        }
    }

    /** Entries Redis keeps in the peer's resume queue. */
    private static int queued(String peerId) throws Exception {
        return get(redis.send(Request.cmd(Command.HGET).arg("kaigi:peer:" + peerId).arg("qn"))
                .toCompletionStage()).toInteger();
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, SECONDS);
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
