package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ConnectionLimitTest.TwoConnections.class)
class ConnectionLimitTest {
    public static class TwoConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kaigi.signaling.max-connections", "2");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void connectionBeyondInstanceLimitGetsServerBusyAndTryAgainLater() {
        try (TestPeer a = TestPeer.join(base, "limits", "A"); TestPeer b = TestPeer.join(base, "limits", "B")) {
            try (TestPeer third = TestPeer.connect(base, "limits")) {
                third.expectError("server-busy");
                assertEquals(1013, third.awaitClose());
            }
            a.expect("peer-joined");
            a.send("{\"type\":\"chat\",\"text\":\"unaffected\"}");
            assertEquals("unaffected", b.expect("chat").path("text").asText());
        }
    }
}
