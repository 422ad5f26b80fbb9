package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One client address gets at most 3 sockets and 4 joins a minute here (defaults: 50 and 120). */
class AddressLimitsIT {
    private static final Map<String, String> ENV = SignalingProcess.prodEnv(
            "KAIGI_SIGNALING_PER_ADDRESS_MAX_CONNECTIONS", "3",
            "KAIGI_SIGNALING_PER_ADDRESS_JOINS_PER_MINUTE", "4");

    @Test
    void anAddressGetsItsShareOfSocketsAndJoinsAndNoMore() throws Exception {
        try (SignalingProcess server = SignalingProcess.startReady(ENV)) {
            List<JdkPeer> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    JdkPeer peer = new JdkPeer(server.base(), "caps");
                    peer.join("p" + i);
                    open.add(peer);
                }
                try (JdkPeer fourth = new JdkPeer(server.base(), "caps")) {
                    JsonNode refused = fourth.awaitType("error");
                    assertEquals("too-many-connections", refused.path("code").asText());
                    assertEquals(1013, fourth.closeCode.get(10, TimeUnit.SECONDS));
                }
                open.remove(0).close(); // a socket freed is a socket available again
                server.awaitMetric("kaigi_signaling_connections ", sockets -> sockets <= 2, Duration.ofSeconds(10));
                JdkPeer again = new JdkPeer(server.base(), "caps");
                open.add(again);
                again.join("fourth join");
                open.remove(0).close();
                server.awaitMetric("kaigi_signaling_connections ", sockets -> sockets <= 2, Duration.ofSeconds(10));
                JdkPeer fifth = new JdkPeer(server.base(), "caps");
                open.add(fifth);
                fifth.send("{\"type\":\"join\",\"name\":\"fifth join\"}");
                JsonNode limited = fifth.awaitType("error");
                assertEquals("rate-limited", limited.path("code").asText());
                assertEquals("join", limited.path("ref").asText());
                String metrics = server.metrics();
                assertEquals(true, metrics.contains("kaigi_signaling_refused_addresses_total{reason=\"connections\"} 1.0"),
                        "refused connections are counted");
                assertEquals(true, metrics.contains("kaigi_signaling_refused_addresses_total{reason=\"joins\"} 1.0"),
                        "refused joins are counted");
            } finally {
                open.forEach(JdkPeer::close);
            }
        }
    }

    @Test
    void networkCheckTokensCountAgainstTheJoinAllowance() throws Exception {
        try (SignalingProcess server = SignalingProcess.startReady(ENV)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest check = java.net.http.HttpRequest.newBuilder(server.base().resolve("/network-check/caps"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            for (int i = 0; i < 4; i++) {
                assertEquals(200, http.send(check, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            java.net.http.HttpResponse<String> limited = http.send(check, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(429, limited.statusCode());
            assertEquals(true, limited.body().contains("\"rate-limited\""), limited.body());
            try (JdkPeer late = new JdkPeer(server.base(), "caps")) {
                late.send("{\"type\":\"join\",\"name\":\"late\"}");
                assertEquals("rate-limited", late.awaitType("error").path("code").asText());
            }
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnShare() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("KAIGI_SIGNALING_PER_ADDRESS_MAX_CONNECTIONS", "1");
        env.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        env.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        try (SignalingProcess server = SignalingProcess.startReady(env)) {
            try (JdkPeer alice = forwardedFor(server, "198.51.100.7"); JdkPeer bob = forwardedFor(server, "198.51.100.8");
                    JdkPeer aliceAgain = forwardedFor(server, "198.51.100.7")) {
                alice.join("A");
                bob.join("B");
                assertEquals("too-many-connections", aliceAgain.awaitType("error").path("code").asText());
            }
        }
    }

    @Test
    void withoutATrustedProxyAForwardedAddressIsNotBelieved() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("KAIGI_SIGNALING_PER_ADDRESS_MAX_CONNECTIONS", "1");
        try (SignalingProcess server = SignalingProcess.startReady(env)) {
            try (JdkPeer alice = forwardedFor(server, "198.51.100.7");
                    JdkPeer forged = forwardedFor(server, "198.51.100.8")) {
                alice.join("A");
                assertEquals("too-many-connections", forged.awaitType("error").path("code").asText());
            }
        }
    }

    private static JdkPeer forwardedFor(SignalingProcess server, String client) {
        return new JdkPeer(java.net.http.HttpClient.newHttpClient(), server.base(), "forwarded",
                Map.of("X-Forwarded-For", client));
    }
}
