package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, in the prod profile with real secrets, stopped with SIGTERM and started again: readiness
 * drops while draining, clients are told to come back, and a fresh process accepts their resume tokens.
 */
class SignalingRestartIT {
    private static final Map<String, String> PROD_ENV = SignalingProcess.prodEnv(
            "KAIGI_SHUTDOWN_DELAY", "3s");

    @Test
    void peersResumeTheirIdsOnARestartedProcess() throws Exception {
        int port = SignalingProcess.freePort();
        JdkPeer a;
        JdkPeer b;
        String aId;
        String bId;
        String aToken;
        String bToken;
        try (SignalingProcess first = SignalingProcess.start(port, PROD_ENV)) {
            first.awaitReady(Duration.ofSeconds(60));
            a = new JdkPeer(first.base(), "restart");
            a.send("{\"type\":\"join\",\"name\":\"A\"}");
            JsonNode aWelcome = a.expect("welcome");
            b = new JdkPeer(first.base(), "restart");
            b.send("{\"type\":\"join\",\"name\":\"B\"}");
            JsonNode bWelcome = b.expect("welcome");
            a.expect("peer-joined");
            aId = aWelcome.path("peerId").asText();
            bId = bWelcome.path("peerId").asText();
            aToken = aWelcome.path("resumeToken").asText();
            bToken = bWelcome.path("resumeToken").asText();
            b.send("{\"type\":\"signal\",\"to\":\"" + aId + "\",\"data\":{\"n\":1}}");
            a.expect("signal");

            first.terminate();
            assertTrue(awaitStatus(first, 503, Duration.ofSeconds(3)), "readiness never reported DOWN while draining");
            assertEquals(1012, a.closeCode.get(20, TimeUnit.SECONDS), "clients are told the service restarts");
            assertTrue(first.awaitExit(Duration.ofSeconds(20)));
        }
        try (SignalingProcess second = SignalingProcess.start(port, PROD_ENV);
                JdkPeer a2 = new JdkPeer(awaitReady(second).base(), "restart");
                JdkPeer b2 = new JdkPeer(second.base(), "restart")) {
            a2.send(resume(aId, aToken, a.lastSeq));
            JsonNode aBack = a2.expect("welcome");
            assertEquals(aId, aBack.path("peerId").asText());
            assertTrue(aBack.path("resumed").asBoolean());
            b2.send(resume(bId, bToken, b.lastSeq));
            JsonNode bBack = b2.expect("welcome");
            assertEquals(bId, bBack.path("peerId").asText());
            assertEquals(aId, bBack.path("peers").get(0).path("peerId").asText());
            JsonNode rejoined = a2.expect("peer-joined");
            assertEquals(bId, rejoined.path("peer").path("peerId").asText());
            assertTrue(rejoined.path("resumed").asBoolean());

            a2.send("{\"type\":\"signal\",\"to\":\"" + bId + "\",\"data\":{\"after\":\"restart\"}}");
            JsonNode signal = b2.expect("signal");
            assertEquals(aId, signal.path("from").asText());

            try (JdkPeer c = new JdkPeer(second.base(), "restart")) {
                c.send("{\"type\":\"join\",\"name\":\"C\"}");
                JsonNode cWelcome = c.expect("welcome");
                assertEquals(2, cWelcome.path("peers").size());
                assertNotEquals(aId, cWelcome.path("peerId").asText());
            }
        }
        a.close();
        b.close();
    }

    @Test
    void prodProfileRefusesToStartWithDevSecrets() throws Exception {
        try (SignalingProcess process = SignalingProcess.start(SignalingProcess.freePort(),
                Map.of("QUARKUS_PROFILE", "prod"))) {
            assertTrue(process.awaitExit(Duration.ofSeconds(60)), "prod started with dev secrets");
            assertNotEquals(0, process.exitCode());
            assertTrue(process.output().contains("is the development default"), process.output());
        }
    }

    private static SignalingProcess awaitReady(SignalingProcess process) throws Exception {
        process.awaitReady(Duration.ofSeconds(60));
        return process;
    }

    private static String resume(String peerId, String token, long lastSeq) {
        return "{\"type\":\"resume\",\"peerId\":\"" + peerId + "\",\"resumeToken\":\"" + token + "\",\"lastSeq\":"
                + lastSeq + "}";
    }

    private static boolean awaitStatus(SignalingProcess process, int status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (process.readiness() == status) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }
}
