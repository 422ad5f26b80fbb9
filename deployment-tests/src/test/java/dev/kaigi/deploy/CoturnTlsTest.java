package dev.kaigi.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * TURN over TLS as k8s/coturn-start.sh runs it against a real turnserver: issued credentials allocate over TLS, the
 * same port answers STUN over UDP, a renewed certificate is served without a restart, and a stop signal reaches
 * coturn through the script.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoturnTlsTest {
    private static final String SECRET = "tls-test-secret-0123456789abcdefghijklmn";
    private static Path state;
    private static Process script;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        Project.require("turnserver", "apt-get install coturn");
        Project.require("turnutils_uclient", "apt-get install coturn");
        state = Files.createTempDirectory("kaigi-coturn-tls");
        certificate("first", state.resolve("tls.crt"), state.resolve("tls.key"));
        int port = freePort();
        tlsPort = freePort();
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", Project.ROOT.resolve("k8s/coturn-start.sh").toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("out.log").toFile());
        builder.environment().putAll(Map.of(
                "KAIGI_TURN_SECRETS", SECRET,
                "KAIGI_TURN_CONFIG", Project.ROOT.resolve("k8s/turnserver.conf").toString(),
                "KAIGI_TURN_STATE_DIR", state.toString(),
                "KAIGI_TURN_PORT", String.valueOf(port),
                "KAIGI_TURN_LISTENING_IP", "127.0.0.1",
                "KAIGI_TURN_TLS_CERT", state.resolve("tls.crt").toString(),
                "KAIGI_TURN_TLS_KEY", state.resolve("tls.key").toString(),
                "KAIGI_TURN_TLS_PORT", String.valueOf(tlsPort),
                "KAIGI_TURN_TLS_RELOAD_SECONDS", "1"));
        script = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), tlsPort)) {
                break;
            } catch (java.io.IOException notYet) {
                if (!script.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("coturn did not start: " + Files.readString(state.resolve("out.log")));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (script != null && script.isAlive()) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
        if (state != null) {
            Project.deleteTree(state);
        }
    }

    @Test
    @Order(1)
    void issuedCredentialsAllocateOverTls() throws Exception {
        String username = (Instant.now().getEpochSecond() + 600) + ":tls-test";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String password = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        Path out = state.resolve("uclient.log");
        Process client = new ProcessBuilder("turnutils_uclient", "-S", "-t", "-p", String.valueOf(tlsPort),
                "-u", username, "-w", password, "-n", "1", "-m", "1", "-l", "100", "-y", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!client.waitFor(30, TimeUnit.SECONDS)) {
            client.destroyForcibly();
        }
        String output = Files.readString(out);
        assertTrue(output.contains("tls_connect: client session connected"), output);
        // Authenticated over TLS: the allocation worked and only relaying to loopback was refused (denied-peer-ip).
        assertTrue(output.contains("403 (Forbidden IP)"), output);
        assertFalse(output.contains("Cannot complete Allocation"), output);
    }

    /** The second STUN endpoint the pre-join check compares mappings with: DTLS's UDP port answers plain STUN. */
    @Test
    @Order(2)
    void theTlsPortAnswersStunOverUdpToo() throws Exception {
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        ByteBuffer request = ByteBuffer.allocate(20).putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442)
                .put(transaction);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            socket.send(new DatagramPacket(request.array(), 20, InetAddress.getLoopbackAddress(), tlsPort));
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            socket.receive(answer);
            ByteBuffer response = ByteBuffer.wrap(answer.getData(), 0, answer.getLength());
            assertEquals(0x0101, response.getShort() & 0xffff, "a Binding success response");
            byte[] echoed = new byte[12];
            response.position(8);
            response.get(echoed);
            assertArrayEquals(transaction, echoed, "to our request");
        }
    }

    @Test
    @Order(3)
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        long coturnPid = script.descendants().findFirst().orElseThrow().pid();
        assertTrue(served().getSubjectX500Principal().getName().contains("first"));
        // As cert-manager renews: new files in place of the old ones.
        certificate("second", state.resolve("new.crt"), state.resolve("new.key"));
        Files.move(state.resolve("new.key"), state.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(state.resolve("new.crt"), state.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String subject = served().getSubjectX500Principal().getName();
        while (!subject.contains("second") && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            subject = served().getSubjectX500Principal().getName();
        }
        assertTrue(subject.contains("second"), "still serving " + subject + "; " + Files.readString(state.resolve("out.log")));
        assertTrue(ProcessHandle.of(coturnPid).map(ProcessHandle::isAlive).orElse(false), "the same coturn process");
    }

    @Test
    @Order(4)
    void aStopSignalReachesCoturnThroughTheScript() throws Exception {
        ProcessHandle coturn = script.descendants().filter(p -> p.info().command().orElse("").endsWith("turnserver"))
                .findFirst().orElseThrow();
        script.destroy(); // SIGTERM, as the kubelet sends
        assertTrue(script.waitFor(15, TimeUnit.SECONDS), "the script did not exit on SIGTERM");
        coturn.onExit().get(15, TimeUnit.SECONDS);
        assertFalse(coturn.isAlive(), "coturn outlived its script");
    }

    /** The certificate coturn presents on its TLS port. */
    private static X509Certificate served() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // The test reads whatever is served; trust is not what it checks.
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    private static void certificate(String name, Path cert, Path key) throws Exception {
        String openssl = Project.require("openssl", "apt-get install openssl");
        Process process = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + output);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
