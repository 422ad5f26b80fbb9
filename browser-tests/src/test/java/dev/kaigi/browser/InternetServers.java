package dev.kaigi.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kaigi on the simulated internet, everything on port 443 of its own address as in production: the signaling
 * service (and UI) on {@link SimulatedInternet#WEB}, the credential service on {@link SimulatedInternet#CREDENTIALS},
 * and coturn from the production template on {@link SimulatedInternet#TURN} — STUN and TURN on 3478 (UDP and TCP)
 * and TURN over TLS on 443 with a certificate made for the test. Plus one ChromeDriver per client namespace.
 */
final class InternetServers implements AutoCloseable {
    static final String ORIGIN = "http://" + SimulatedInternet.WEB + ":443";
    private static final String CREDENTIALS_ORIGIN = "http://" + SimulatedInternet.CREDENTIALS + ":443";
    private static final String LOGS = "internet-logs";
    private static final int CHROMEDRIVER = 19515;
    private static final String TURN_SECRET = "internet-test-turn-secret-0123456789abcdef";
    private static final String JOIN_SECRET = "internet-test-join-secret-0123456789abcdefgh";
    /**
     * {@code -Dkaigi.webrtc-logs=true}: Chromium's WebRTC log (port allocation, TURN, ICE; ms timestamps) goes to
     * target/internet-logs/chromedriver-*.log. Off by default: it slows the browsers.
     */
    private static final boolean WEBRTC_LOGS = Boolean.getBoolean("kaigi.webrtc-logs");

    private final Path logs;
    private final Path state;
    private final List<Process> servers = new ArrayList<>();
    private final Map<SimulatedInternet.Client, Process> drivers = new EnumMap<>(SimulatedInternet.Client.class);
    private String certificatePin;

    InternetServers() throws IOException {
        logs = Path.of("target", LOGS).toAbsolutePath();
        Files.createDirectories(logs);
        state = Files.createTempDirectory("kaigi-internet");
    }

    void start() throws Exception {
        String turnserver = Project.require("turnserver", "apt-get install coturn");
        Project.require("chromedriver", "apt-get install chromium-driver");
        Project.require("chromium", "apt-get install chromium");
        makeCertificate();
        String turn = SimulatedInternet.TURN;
        servers.add(launch("coturn", List.of(turnserver, "-c", Project.ROOT.resolve("k8s/turnserver.conf").toString(),
                "--listening-ip", turn, "--relay-ip", turn, "--listening-port", "3478", "--tls-listening-port", "443",
                "--cert", state.resolve("turn.crt").toString(), "--pkey", state.resolve("turn.key").toString(),
                "--pidfile", state.resolve("turn.pid").toString(),
                "--userdb", state.resolve("turndb").toString(), "--log-file", logs.resolve("turn.log").toString(),
                "--static-auth-secret", TURN_SECRET), Map.of()));
        servers.add(launch("credentials", java(Project.jar("turn-credential-service"), SimulatedInternet.CREDENTIALS,
                9001), Map.of(
                "KAIGI_TURN_SECRETS", TURN_SECRET,
                "KAIGI_JOIN_TOKEN_SECRET", JOIN_SECRET,
                "KAIGI_TURN_URIS", "turn:" + turn + ":3478?transport=udp,turn:" + turn + ":3478?transport=tcp,turns:"
                        + turn + ":443?transport=tcp",
                // As deployed: the TLS port answers STUN over UDP too (DTLS), a second endpoint to compare mappings.
                "KAIGI_STUN_URIS", "stun:" + turn + ":3478,stun:" + turn + ":443",
                "KAIGI_UI_ORIGINS", ORIGIN,
                "KAIGI_CREDENTIALS_RATE_LIMIT_BURST", "1000")));
        servers.add(launch("signaling", java(Project.jar("signaling-service"), SimulatedInternet.WEB, 9000), Map.of(
                "KAIGI_JOIN_TOKEN_SECRET", JOIN_SECRET,
                "KAIGI_RESUME_SECRET", "internet-test-resume-secret-0123456789abcdef",
                "KAIGI_CREDENTIAL_SERVICE_URL", CREDENTIALS_ORIGIN,
                "KAIGI_SHUTDOWN_DELAY", "1s")));
        Project.awaitHttp(LOGS, URI.create("http://" + SimulatedInternet.SERVERS_MANAGEMENT + ":9000/q/health/ready"));
        Project.awaitHttp(LOGS, URI.create("http://" + SimulatedInternet.SERVERS_MANAGEMENT + ":9001/q/health/ready"));
    }

    /** Starts a ChromeDriver in each client's namespace (after {@link SimulatedInternet#connect}). */
    void startDrivers() throws Exception {
        String chromedriver = Project.require("chromedriver", "apt-get install chromium-driver");
        for (SimulatedInternet.Client client : SimulatedInternet.Client.values()) {
            List<String> command = new ArrayList<>(List.of(chromedriver, "--port=" + CHROMEDRIVER,
                    "--allowed-ips=" + client.hostSideManagement(), "--allowed-origins=*"));
            if (WEBRTC_LOGS) {
                command.add("--enable-chrome-logs");
            }
            ProcessBuilder builder = new ProcessBuilder(SimulatedInternet.inside(client.namespace(), command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("chromedriver-" + client + ".log")
                            .toFile()));
            builder.environment().putAll(Project.browserTemp(state));
            drivers.put(client, builder.start());
            Project.awaitHttp(LOGS, URI.create(driverUrl(client) + "/status"));
        }
    }

    /** Stops the ChromeDrivers (and so their browsers): a namespace is only gone once nothing runs in it. */
    void stopDrivers() throws InterruptedException {
        stopAll(List.copyOf(drivers.values()));
        drivers.clear();
    }

    String driverUrl(SimulatedInternet.Client client) {
        return "http://" + client.management() + ":" + CHROMEDRIVER;
    }

    /** Chromium switches for a participant: the UI's plain-HTTP origin counts as secure; the TURN certificate is trusted. */
    List<String> browserArguments() {
        List<String> arguments = new ArrayList<>(List.of("--unsafely-treat-insecure-origin-as-secure=" + ORIGIN,
                "--ignore-certificate-errors-spki-list=" + certificatePin));
        if (WEBRTC_LOGS) {
            arguments.addAll(List.of("--enable-logging=stderr", "--v=0", "--vmodule=*basic_port_allocator*=1,"
                    + "*turn_port*=1,*stun_port*=1,*p2p_transport_channel*=1,*peer_connection*=1,*sdp_offer_answer*=1"));
        }
        return arguments;
    }

    String credentialsOrigin() {
        return CREDENTIALS_ORIGIN;
    }

    /** A self-signed certificate for the TURN address, and its SPKI pin for Chromium. */
    private void makeCertificate() throws Exception {
        String openssl = Project.require("openssl", "apt-get install openssl");
        Process process = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=turn.kaigi.test",
                "-addext", "subjectAltName=IP:" + SimulatedInternet.TURN, "-keyout", state.resolve("turn.key").toString(),
                "-out", state.resolve("turn.crt").toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make the TURN certificate: " + output);
        }
        try (var in = Files.newInputStream(state.resolve("turn.crt"))) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            certificatePin = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        }
    }

    private List<String> java(Path jar, String address, int managementPort) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dquarkus.http.host=" + address, "-Dquarkus.http.port=443",
                "-Dquarkus.management.host=" + SimulatedInternet.SERVERS_MANAGEMENT,
                "-Dquarkus.management.port=" + managementPort, "-jar", jar.toString());
    }

    private Process launch(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(SimulatedInternet.inside(SimulatedInternet.SERVERS, command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_PROFILE", "prod");
        return builder.start();
    }


    private static void stopAll(List<Process> processes) throws InterruptedException {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopDrivers();
        stopAll(servers);
        Project.deleteTree(state);
    }
}
