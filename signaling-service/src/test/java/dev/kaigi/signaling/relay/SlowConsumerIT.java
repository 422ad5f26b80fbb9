package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        try (SignalingProcess server = SignalingProcess.start(SignalingProcess.freePort(), PROD_ENV)) {
            server.awaitReady(Duration.ofSeconds(60));
            List<JdkPeer> talkers = new ArrayList<>();
            List<String> talkerIds = new ArrayList<>();
            JdkPeer first = new JdkPeer(server.base(), "stall");
            talkers.add(first);
            first.send("{\"type\":\"join\",\"name\":\"T0\"}");
            talkerIds.add(first.awaitType("welcome").path("peerId").asText());
            try (SilentSocket victim = new SilentSocket(server.base(), "stall", "{\"type\":\"join\",\"name\":\"V\"}")) {
                String victimId = first.awaitType("peer-joined").path("peer").path("peerId").asText();
                for (int i = 1; i < 7; i++) {
                    JdkPeer talker = new JdkPeer(server.base(), "stall");
                    talker.send("{\"type\":\"join\",\"name\":\"T" + i + "\"}");
                    talkers.add(talker);
                    talkerIds.add(talker.awaitType("welcome").path("peerId").asText());
                }
                long rssBefore = server.rssBytes();
                long start = System.nanoTime();
                long closedAfterMillis = -1;
                String signal = "{\"type\":\"signal\",\"to\":\"" + victimId + "\",\"data\":{\"sdp\":\"" + PAYLOAD + "\"}}";
                // 20 s at 25 signals/s per talker; the victim keeps pinging every 2 s.
                for (int tick = 0; tick < 500; tick++) {
                    for (JdkPeer talker : talkers) {
                        talker.send(signal);
                    }
                    if (tick % 50 == 0) {
                        try {
                            victim.send("{\"type\":\"ping\"}");
                        } catch (IOException closedByServer) {
                            // fine: the server gave up on it
                        }
                    }
                    if (closedAfterMillis < 0 && slowConsumerCloses(server) > 0) {
                        closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    }
                    Thread.sleep(40);
                }
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
