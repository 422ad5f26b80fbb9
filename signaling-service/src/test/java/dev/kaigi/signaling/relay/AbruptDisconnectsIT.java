package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clients that vanish (TCP reset, no close frame) are routine: no ERROR in the log, and nothing leaks. */
class AbruptDisconnectsIT {
    private static final Map<String, String> ENV = SignalingProcess.prodEnv(
            // One test machine plays thousands of clients from one address.
            "KAIGI_SIGNALING_PER_ADDRESS_MAX_CONNECTIONS", "100000",
            "KAIGI_SIGNALING_PER_ADDRESS_JOINS_PER_MINUTE", "10000000",
            "KAIGI_SIGNALING_RESUME_GRACE", "2s",
            "KAIGI_SIGNALING_HEARTBEAT_INTERVAL", "500ms",
            // Dropped guests keep their seat for the grace period; the test drops them faster than that.
            "KAIGI_SIGNALING_MAX_PEERS_PER_ROOM", "1000");

    @Test
    void resetConnectionsLogNoErrorAndLeaveNoPeerBehind() throws Exception {
        try (SignalingProcess server = SignalingProcess.startReady(ENV)) {
            try (JdkPeer host = new JdkPeer(server.base(), "drops")) {
                host.join("host");
                for (int i = 0; i < 300; i++) {
                    SilentSocket guest = new SilentSocket(server.base(), "drops", "{\"type\":\"join\",\"name\":\"g\"}");
                    String guestId = host.awaitType("peer-joined").path("peer").path("peerId").asText();
                    if (i % 4 == 0) { // within the host's rate limit
                        // Content on its way while the reset arrives.
                        host.send("{\"type\":\"signal\",\"to\":\"" + guestId + "\",\"data\":{\"n\":" + i + "}}");
                    }
                    guest.reset();
                }
                host.send("{\"type\":\"leave\"}");
            }
            server.awaitMetric("kaigi_signaling_peers ", peers -> peers <= 0, Duration.ofSeconds(20));
            assertEquals(0, server.metric("kaigi_signaling_peers "), "peers left behind");
            assertEquals(0, server.metric("kaigi_signaling_rooms "), "rooms left behind");
            assertEquals(0, server.metric("kaigi_signaling_connections "), "connections left behind");
            List<String> errors = server.output().lines().filter(l -> l.contains(" ERROR ")).toList();
            assertEquals(List.of(), errors, "routine disconnects must not log ERROR");
            assertTrue(server.metric("kaigi_signaling_dropped_connections_total ") > 0, "no reset was seen as one");
            assertTrue(server.output().contains("started in"), "the log is the service's");
        }
    }

}
