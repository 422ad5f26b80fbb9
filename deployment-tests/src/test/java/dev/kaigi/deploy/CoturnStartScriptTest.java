package dev.kaigi.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs k8s/coturn-start.sh — what the Kubernetes and compose containers run — against a real turnserver:
 * every comma-separated secret must authenticate, others must not.
 */
class CoturnStartScriptTest {
    static final String FIRST = "first-secret-0123456789abcdefghijklmnop";
    static final String SECOND = "second-secret-0123456789abcdefghijklmno";
    static Path state;
    static Process coturn;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Project.require("turnserver", "apt-get install coturn");
        Project.require("turnutils_uclient", "apt-get install coturn");
        state = Files.createTempDirectory("kaigi-coturn-script");
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", Project.ROOT.resolve("k8s/coturn-start.sh").toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("out.log").toFile());
        builder.environment().putAll(java.util.Map.of(
                "KAIGI_TURN_SECRETS", FIRST + "," + SECOND,
                "KAIGI_TURN_CONFIG", Project.ROOT.resolve("k8s/turnserver.conf").toString(),
                "KAIGI_TURN_STATE_DIR", state.toString(),
                "KAIGI_TURN_PORT", String.valueOf(port),
                "KAIGI_TURN_LISTENING_IP", "127.0.0.1"));
        coturn = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (java.io.IOException notYet) {
                if (!coturn.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("coturn did not start: " + Files.readString(state.resolve("out.log")));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (coturn != null) {
            coturn.destroy();
            coturn.waitFor(5, TimeUnit.SECONDS);
        }
        if (state != null) {
            Project.deleteTree(state);
        }
    }

    /** What turnutils_uclient prints when trying to allocate and bind a channel with these credentials. */
    private static String attempt(String secret) throws Exception {
        String username = (Instant.now().getEpochSecond() + 600) + ":script-test";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String password = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        Path out = Files.createTempFile(state, "uclient", ".log");
        Process client = new ProcessBuilder("turnutils_uclient", "-p", String.valueOf(port), "-u", username, "-w",
                password, "-n", "1", "-m", "1", "-l", "100", "-y", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!client.waitFor(30, TimeUnit.SECONDS)) {
            client.destroyForcibly();
        }
        return Files.readString(out);
    }

    @Test
    void everyListedSecretAuthenticates() throws Exception {
        for (String secret : List.of(FIRST, SECOND)) {
            String output = attempt(secret);
            // Authenticated: the allocation worked and only relaying to loopback was refused (denied-peer-ip).
            assertTrue(output.contains("403 (Forbidden IP)"), output);
            assertFalse(output.contains("Cannot complete Allocation"), output);
        }
    }

    @Test
    void anUnlistedSecretDoesNot() throws Exception {
        String output = attempt("not-configured-secret-0123456789abcdefgh");
        assertTrue(output.contains("Cannot complete Allocation"), output);
        assertFalse(output.contains("403"), output);
    }
}
