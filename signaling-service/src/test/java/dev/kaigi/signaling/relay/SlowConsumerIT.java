package dev.kaigi.signaling.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The attack from the hardening issue, against the packaged service: a socket that never reads but pings to
 * look alive, and seven legal talkers sending it 30 KB signals at 25/s each (5 MB/s). The server must close it
 * as a slow consumer instead of buffering, keep its memory bounded, and keep serving the talkers.
 */
class SlowConsumerIT {
    private static final Map<String, String> PROD_ENV = SignalingProcess.prodEnv();
    private static final String PAYLOAD = "x".repeat(30_000);

    @Test
    void socketThatNeverReadsIsClosedAsSlowConsumerAndMemoryStaysBounded() throws Exception {
        try (SignalingProcess server = SignalingProcess.startReady(PROD_ENV)) {
            List<JdkPeer> talkers = new ArrayList<>();
            List<String> talkerIds = new ArrayList<>();
            JdkPeer first = new JdkPeer(server.base(), "stall");
            talkers.add(first);
            talkerIds.add(first.join("T0").path("peerId").asText());
            try (SilentSocket victim = new SilentSocket(server.base(), "stall", "{\"type\":\"join\",\"name\":\"V\"}")) {
                String victimId = first.awaitType("peer-joined").path("peer").path("peerId").asText();
                for (int i = 1; i < 7; i++) {
                    JdkPeer talker = new JdkPeer(server.base(), "stall");
                    talkers.add(talker);
                    talkerIds.add(talker.join("T" + i).path("peerId").asText());
                }
                long rssBefore = server.rssBytes();
                String signal = "{\"type\":\"signal\",\"to\":\"" + victimId + "\",\"data\":{\"sdp\":\"" + PAYLOAD + "\"}}";
                // 20 s at 25 signals/s per talker (500 ticks of 40 ms); the victim keeps pinging every 2 s.
                AtomicInteger ticks = new AtomicInteger();
                ScheduledExecutorService attack = Executors.newSingleThreadScheduledExecutor();
                long start = System.nanoTime();
                attack.scheduleAtFixedRate(() -> {
                    int tick = ticks.getAndIncrement();
                    if (tick >= 500) {
                        attack.shutdown();
                        return;
                    }
                    talkers.forEach(talker -> talker.send(signal));
                    if (tick % 50 == 0) {
                        try {
                            victim.send("{\"type\":\"ping\"}");
                        } catch (IOException closedByServer) {
                            // fine: the server gave up on it
                        }
                    }
                }, 0, 40, TimeUnit.MILLISECONDS);
                long closedAfterMillis = -1;
                try {
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(40))
                            .until(() -> slowConsumerCloses(server) > 0);
                    closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                } catch (ConditionTimeoutException neverClosed) {
                    // asserted below, after the memory checks
                }
                assertTrue(attack.awaitTermination(40, TimeUnit.SECONDS), "the attack did not finish");
                long growth = server.rssBytes() - rssBefore;
                assertTrue(growth < 96L * 1024 * 1024, "RSS grew by " + growth / (1024 * 1024) + " MiB during the attack");
                long live = server.heapAfterGc();
                assertTrue(live < 32L * 1024 * 1024, "the server retains " + live / (1024 * 1024) + " MiB after the attack");
                assertTrue(closedAfterMillis >= 0 && closedAfterMillis <= 10_000,
                        "the stalled socket was closed after " + closedAfterMillis + " ms (bound: 10 s)");

                // Closed as a slow consumer means dropped, not gone: within the resume grace nobody hears it left.
                for (JsonNode frame; (frame = talkers.get(0).poll(50)) != null;) {
                    assertTrue(!(frame.path("type").asText().equals("peer-left")
                            && frame.path("peerId").asText().equals(victimId)), "the stalled peer was removed: " + frame);
                }
                // The room carries on: talkers still reach each other.
                talkers.get(0).send("{\"type\":\"signal\",\"to\":\"" + talkerIds.get(1)
                        + "\",\"data\":{\"still\":\"here\"}}");
                JsonNode received = awaitSignalFrom(talkers.get(1));
                assertEquals("here", received.path("data").path("still").asText());
            } finally {
                talkers.forEach(JdkPeer::close);
            }
        }
    }

    private static JsonNode awaitSignalFrom(JdkPeer peer) throws InterruptedException {
        JsonNode frame = peer.awaitType("signal");
        while (!frame.path("data").has("still")) {
            frame = peer.awaitType("signal");
        }
        return frame;
    }

    private static double slowConsumerCloses(SignalingProcess server) throws Exception {
        return server.metrics().lines().filter(l -> l.startsWith("kaigi_signaling_slow_consumers_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}
