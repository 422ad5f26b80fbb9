package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the process bound set to 100 KB: queues of a dropped peer push the process over it, newcomers get
 * server-busy, the next sweep sheds the largest queue, and newcomers are welcome again.
 */
class MemoryBoundIT {
    private static final Map<String, String> ENV = SignalingProcess.prodEnv(
            "KAIGI_SIGNALING_MAX_QUEUED_BYTES", "100000",
            // The sweep that sheds runs once per heartbeat: seldom enough that the join below lands before it.
            "KAIGI_SIGNALING_HEARTBEAT_INTERVAL", "2s");

    @Test
    void overTheBoundJoinsWaitAndTheLargestQueueIsShed() throws Exception {
        try (SignalingProcess server = SignalingProcess.startReady(ENV)) {
            try (JdkPeer talker = new JdkPeer(server.base(), "bound")) {
                talker.join("T");
                String awayId;
                try (SilentSocket away = new SilentSocket(server.base(), "bound", "{\"type\":\"join\",\"name\":\"A\"}")) {
                    awayId = talker.awaitType("peer-joined").path("peer").path("peerId").asText();
                    away.reset();
                }
                server.awaitMetric("kaigi_signaling_connections ", open -> open <= 1, Duration.ofSeconds(10));
                String payload = "x".repeat(30_000);
                // The newcomer's socket is open before the bound is crossed, so its join follows the last signal
                // by milliseconds, not by a WebSocket handshake: the race with the periodic sweep is negligible.
                try (JdkPeer newcomer = new JdkPeer(server.base(), "bound")) {
                    for (int i = 0; i < 5; i++) { // 150 KB kept for the away peer: over the 100 KB bound
                        talker.send("{\"type\":\"signal\",\"to\":\"" + awayId + "\",\"data\":{\"sdp\":\""
                                + payload + "\"}}");
                    }
                    // Frames of one socket are handled in order: the pong says the five signals are queued.
                    talker.send("{\"type\":\"ping\"}");
                    talker.awaitType("pong");
                    newcomer.send("{\"type\":\"join\",\"name\":\"N\"}");
                    JsonNode refused = newcomer.awaitType("error");
                    assertEquals("server-busy", refused.path("code").asText());
                }
                server.awaitMetric("kaigi_signaling_shed_bytes_total ", shed -> shed > 0, Duration.ofSeconds(10));
                assertTrue(server.metric("kaigi_signaling_shed_bytes_total ") >= 100_000, "the queue was not shed");
                assertTrue(server.metric("kaigi_signaling_queued_bytes ") < 100_000);
                try (JdkPeer later = new JdkPeer(server.base(), "bound")) {
                    assertEquals(2, later.join("L").path("peers").size()); // the talker and the away peer
                }
            }
        }
    }

}
