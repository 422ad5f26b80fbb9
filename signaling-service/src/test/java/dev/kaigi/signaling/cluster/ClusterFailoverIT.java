package dev.kaigi.signaling.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kaigi.signaling.relay.JdkPeer;
import dev.kaigi.signaling.relay.SignalingProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Replicas die, drain and lose Redis; clients resume elsewhere with their ids and get every message addressed
 * to them meanwhile: none lost, none duplicated, in order.
 */
class ClusterFailoverIT {

    /** A joined test client that remembers what it needs to resume. */
    private static final class Client implements AutoCloseable {
        JdkPeer socket;
        final String id;
        final String token;
        final List<Integer> received = new ArrayList<>();

        Client(SignalingProcess replica, String room, String name) throws Exception {
            socket = new JdkPeer(replica.base(), room);
            socket.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
            JsonNode welcome = socket.expect("welcome");
            id = welcome.path("peerId").asText();
            token = welcome.path("resumeToken").asText();
        }

        JsonNode resumeOn(SignalingProcess replica, String room) throws Exception {
            long lastSeq = socket.lastSeq;
            socket.close();
            socket = new JdkPeer(replica.base(), room);
            socket.send("{\"type\":\"resume\",\"peerId\":\"" + id + "\",\"resumeToken\":\"" + token
                    + "\",\"lastSeq\":" + lastSeq + "}");
            return socket.awaitType("welcome");
        }

        /** Collects signal payloads n until {@code count} arrived (or 15 s pass). */
        void collectSignals(int count) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (received.size() < count && System.nanoTime() < deadline) {
                JsonNode frame = socket.poll(100);
                if (frame != null && frame.path("type").asText().equals("signal")) {
                    received.add(frame.path("data").path("n").asInt());
                }
            }
        }

        void signal(String to, int n) {
            socket.send("{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"n\":" + n + "}}");
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static List<Integer> range(int count) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(i);
        }
        return all;
    }

    /** B sends {@code total} numbered signals to A at ~25/s on a thread while the test breaks things. */
    private static Thread sender(Client from, String to, int total, AtomicInteger sent) {
        Thread thread = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                from.signal(to, i);
                sent.incrementAndGet();
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.start();
        return thread;
    }

    @Test
    void peersOfAKilledReplicaResumeElsewhereWithEverythingAndAbsenteesLeaveInBound() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture().start(2);
                Client a = new Client(cluster.replica(0), "kill", "A");
                Client b = new Client(cluster.replica(1), "kill", "B");
                Client c = new Client(cluster.replica(0), "kill", "C");
                Client d = new Client(cluster.replica(1), "kill-door", "D");
                JdkPeer knocker = new JdkPeer(cluster.replica(0).base(), "kill-door")) {
            // D's room is locked and someone knocks through the replica about to die.
            d.socket.send("{\"type\":\"lock\",\"locked\":true}");
            d.socket.expect("room-lock");
            knocker.send("{\"type\":\"join\",\"name\":\"K\"}");
            String knockId = knocker.expect("knocking").path("knockId").asText();
            assertEquals(knockId, d.socket.expect("knock").path("knockId").asText());
            AtomicInteger sent = new AtomicInteger();
            Thread sending = sender(b, a.id, 60, sent);
            a.collectSignals(10);
            cluster.replica(0).kill();
            long killedAt = System.nanoTime();
            assertEquals(1006, a.socket.closeCode.get(10, TimeUnit.SECONDS));
            Thread.sleep(500); // B goes on sending while A is gone
            JsonNode welcome = a.resumeOn(cluster.replica(1), "kill");
            assertEquals(a.id, welcome.path("peerId").asText());
            assertTrue(welcome.path("resumed").asBoolean());
            assertEquals(0, welcome.path("dropped").asInt());
            sending.join();
            a.collectSignals(60);
            assertEquals(range(60), a.received, "every signal exactly once, in order, across the kill");

            // C never comes back: B hears it left, within node timeout + grace + two sweeps (+1 s of slack).
            JsonNode left = b.socket.awaitType("peer-left");
            while (!left.path("peerId").asText().equals(c.id)) {
                left = b.socket.awaitType("peer-left");
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertEquals("timeout", left.path("reason").asText());
            long bound = ClusterFixture.NODE_TIMEOUT.plus(ClusterFixture.GRACE)
                    .plus(ClusterFixture.NODE_HEARTBEAT.multipliedBy(2)).toMillis() + 1000;
            assertTrue(tookMillis <= bound, "peer-left after " + tookMillis + " ms; bound " + bound + " ms");

            // The knock died with its replica: D's prompt ends as withdrawn once the replica is declared dead.
            JsonNode ended = d.socket.awaitType("knock-ended");
            assertEquals(knockId, ended.path("knockId").asText());
            assertEquals("withdrawn", ended.path("outcome").asText());
        }
    }

    @Test
    void drainingReplicaSendsItsClientsElsewhereWithoutLosingQueuedSignals() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture().start(2);
                Client a = new Client(cluster.replica(0), "drain", "A");
                Client b = new Client(cluster.replica(1), "drain", "B")) {
            AtomicInteger sent = new AtomicInteger();
            Thread sending = sender(b, a.id, 60, sent);
            a.collectSignals(10);
            cluster.replica(0).terminate();
            assertEquals(1012, a.socket.closeCode.get(10, TimeUnit.SECONDS));
            collectUntilClosed(a);
            JsonNode welcome = a.resumeOn(cluster.replica(1), "drain");
            assertEquals(a.id, welcome.path("peerId").asText());
            sending.join();
            a.collectSignals(60);
            assertEquals(range(60), a.received, "every signal exactly once, in order, across the drain");
            assertTrue(cluster.replica(0).awaitExit(Duration.ofSeconds(20)));
        }
    }

    /** Frames that arrived before the close frame are still the client's: keep them, as a browser would. */
    private static void collectUntilClosed(Client client) throws Exception {
        for (JsonNode frame; (frame = client.socket.poll(200)) != null;) {
            if (frame.path("type").asText().equals("signal")) {
                client.received.add(frame.path("data").path("n").asInt());
            }
        }
    }

    @Test
    void redisOutageTurnsReadinessDownAnswersUnavailableAndRecoversWithoutRestarts() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture().start(2);
                Client a = new Client(cluster.replica(0), "outage", "A");
                Client b = new Client(cluster.replica(1), "outage", "B")) {
            a.socket.awaitType("peer-joined");
            cluster.redis.stop();
            awaitReadiness(cluster.replica(0), 503);
            assertTrue(cluster.replica(0).readinessBody().contains("reason"), cluster.replica(0).readinessBody());
            a.signal(b.id, 1);
            assertEquals("unavailable", a.socket.awaitType("error").path("code").asText());

            cluster.redis.launch(); // empty: Redis lost everything
            awaitReadiness(cluster.replica(0), 200);
            awaitReadiness(cluster.replica(1), 200);
            // Each replica notices it was forgotten and asks its clients to resume; they come back with their ids.
            assertEquals(1012, a.socket.closeCode.get(15, TimeUnit.SECONDS));
            assertEquals(1012, b.socket.closeCode.get(15, TimeUnit.SECONDS));
            assertEquals(a.id, a.resumeOn(cluster.replica(0), "outage").path("peerId").asText());
            assertEquals(b.id, b.resumeOn(cluster.replica(1), "outage").path("peerId").asText());
            a.signal(b.id, 2);
            b.collectSignals(1);
            assertEquals(List.of(2), b.received);
            assertTrue(cluster.replica(0).metrics().contains("kaigi_signaling_cluster_redis_errors_total"));
        }
    }

    @Test
    void redisRestartedEmptyAsksEachClientToResumeOnce() throws Exception {
        // Frequent heartbeats, so the first beats after Redis returns fall between a client's resync and its resume.
        try (ClusterFixture cluster = new ClusterFixture().with("KAIGI_SIGNALING_CLUSTER_NODE_HEARTBEAT", "250ms")
                .start(2);
                Client a = new Client(cluster.replica(0), "once", "A");
                Client b = new Client(cluster.replica(1), "once", "B")) {
            a.socket.awaitType("peer-joined");
            cluster.redis.stop();
            awaitReadiness(cluster.replica(0), 503);
            cluster.redis.launch(); // empty: the replicas' subscriptions and Redis' memory of them are both gone
            for (Client client : List.of(a, b)) {
                assertEquals(1012, client.socket.closeCode.get(15, TimeUnit.SECONDS));
            }
            assertEquals(a.id, a.resumeOn(cluster.replica(0), "once").path("peerId").asText());
            assertEquals(b.id, b.resumeOn(cluster.replica(1), "once").path("peerId").asText());
            // Neither socket is closed again over twelve heartbeats.
            await("neither A nor B is asked to resume a second time").during(3, TimeUnit.SECONDS)
                    .atMost(5, TimeUnit.SECONDS)
                    .until(() -> !a.socket.closeCode.isDone() && !b.socket.closeCode.isDone());
            a.signal(b.id, 1);
            b.collectSignals(1);
            assertEquals(List.of(1), b.received);
        }
    }

    @Test
    void redisHoldsNoKaigiKeysOnceRoomsEmptyAndTheirMemoryExpires() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture()
                .with("KAIGI_SIGNALING_RESUME_TOKEN_TTL", "4s").start(2)) {
            try (Client a = new Client(cluster.replica(0), "keys", "A");
                    Client b = new Client(cluster.replica(1), "keys", "B");
                    Client c = new Client(cluster.replica(1), "keys", "C")) {
                a.signal(b.id, 1);
                b.collectSignals(1);
                a.socket.send("{\"type\":\"leave\"}");
                a.socket.closeCode.get(5, TimeUnit.SECONDS);
                b.socket.send("{\"type\":\"leave\"}");
                b.socket.closeCode.get(5, TimeUnit.SECONDS);
                // C drops without a goodbye and times out.
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            List<String> left = cluster.kaigiKeys();
            while (left.stream().anyMatch(k -> k.startsWith("kaigi:room:") || k.startsWith("kaigi:peer:")
                    || k.equals("kaigi:away")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                left = cluster.kaigiKeys();
            }
            assertEquals(List.of(), left.stream().filter(k -> !k.startsWith("kaigi:departed:")
                    && !k.startsWith("kaigi:node")).toList(), "room and peer keys gone once the room emptied");
            for (SignalingProcess replica : cluster.replicas) {
                replica.terminate();
                assertTrue(replica.awaitExit(Duration.ofSeconds(20)));
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!cluster.kaigiKeys().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(List.of(), cluster.kaigiKeys(), "departure memory expires with the token TTL");
        }
    }

    private static void awaitReadiness(SignalingProcess replica, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (replica.readiness() != status) {
            assertTrue(System.nanoTime() < deadline, "readiness never became " + status + ": "
                    + replica.readinessBody());
            Thread.sleep(100);
        }
    }
}
