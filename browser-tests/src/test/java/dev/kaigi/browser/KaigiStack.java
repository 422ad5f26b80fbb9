package dev.kaigi.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real stack inside the test namespace: coturn (production template), the packaged credential service and
 * signaling service in the prod profile with test secrets, and ChromeDriver. Browsers reach everything at
 * 127.0.0.1. In cluster mode: a Redis, two signaling replicas on it, and two entrances (failover proxies, as an
 * ingress would be) that prefer one replica each.
 */
final class KaigiStack implements AutoCloseable {
    static final int SIGNALING = 18080;
    static final int SIGNALING_2 = 18082;
    static final int ENTRANCE_1 = 18090;
    static final int ENTRANCE_2 = 18091;
    static final int REDIS = 16379;
    private static final String REDIS_PASSWORD = "browser-test-redis-password-0123456789";
    static final int CREDENTIALS = 18081;
    static final int TURN = 13478;
    static final int CHROMEDRIVER = 19515;
    static final String TURN_SECRET = "browser-test-turn-secret-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path logs;
    private final boolean cluster;
    private final List<Process> processes = new ArrayList<>();
    /** coturn's pid file and user db. */
    private Path state;
    private final List<Process> replicas = new ArrayList<>();
    private Process signaling;

    KaigiStack() throws IOException {
        this(false);
    }

    private KaigiStack(boolean cluster) throws IOException {
        this.cluster = cluster;
        logs = Path.of("target", cluster ? "cluster-stack-logs" : "stack-logs").toAbsolutePath();
        Files.createDirectories(logs);
    }

    static KaigiStack cluster() throws IOException {
        return new KaigiStack(true);
    }

    void start() throws Exception {
        String turnserver = Project.require("turnserver", "apt-get install coturn");
        String chromedriver = Project.require("chromedriver", "apt-get install chromium-driver");
        Project.require("chromium", "apt-get install chromium");
        state = Files.createTempDirectory("kaigi-e2e");
        processes.add(launch("coturn", List.of(turnserver, "-c", Project.ROOT.resolve("k8s/turnserver.conf").toString(),
                "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1", "--listening-port", String.valueOf(TURN),
                "--no-tls", "--no-dtls", "--pidfile", state.resolve("pid").toString(),
                "--userdb", state.resolve("db").toString(), "--log-file", logs.resolve("turn.log").toString(),
                // Test only: the relayed peers are the other browsers, on this namespace's loopback.
                "--allow-loopback-peers", "--allowed-peer-ip", "127.0.0.1",
                "--static-auth-secret", TURN_SECRET), Map.of()));
        processes.add(launch("credentials", java(Project.jar("turn-credential-service"), CREDENTIALS, 19001), Map.of(
                "KAIGI_TURN_SECRETS", TURN_SECRET,
                "KAIGI_JOIN_TOKEN_SECRET", "browser-test-join-secret-0123456789abcdefgh",
                "KAIGI_TURN_URIS", "turn:127.0.0.1:" + TURN + "?transport=udp,turn:127.0.0.1:" + TURN + "?transport=tcp",
                "KAIGI_STUN_URIS", "stun:127.0.0.1:" + TURN,
                "KAIGI_UI_ORIGINS", "http://127.0.0.1:" + SIGNALING + ",http://127.0.0.1:" + ENTRANCE_1
                        + ",http://127.0.0.1:" + ENTRANCE_2,
                "KAIGI_CREDENTIALS_RATE_LIMIT_BURST", "1000")));
        if (cluster) {
            startCluster();
        } else {
            startSignaling();
        }
        processes.add(launch("chromedriver", List.of(chromedriver, "--port=" + CHROMEDRIVER,
                "--allowed-ips=" + TestNetwork.HOST_SIDE, "--allowed-origins=*"), Project.browserTemp(state)));
        ready(URI.create("http://" + TestNetwork.INSIDE + ":" + CHROMEDRIVER + "/status"));
        ready(URI.create("http://" + TestNetwork.INSIDE + ":" + CREDENTIALS + "/api/v1/ice-servers"));
    }

    void startSignaling() throws Exception {
        startSignaling(Map.of());
    }

    /** With some of its settings changed, e.g. a smaller join allowance. */
    void startSignaling(Map<String, String> overrides) throws Exception {
        Map<String, String> env = new HashMap<>(signalingEnv());
        env.putAll(overrides);
        signaling = launch("signaling", java(Project.jar("signaling-service"), SIGNALING, 19000), env);
        ready(URI.create("http://" + TestNetwork.INSIDE + ":" + SIGNALING + "/config.json"));
    }

    private Map<String, String> signalingEnv() {
        return Map.of(
                "KAIGI_JOIN_TOKEN_SECRET", "browser-test-join-secret-0123456789abcdefgh",
                "KAIGI_RESUME_SECRET", "browser-test-resume-secret-0123456789abcdef",
                "KAIGI_CREDENTIAL_SERVICE_URL", "http://127.0.0.1:" + CREDENTIALS,
                "KAIGI_SHUTDOWN_DELAY", "1s",
                // Every browser of the test shares one address.
                "KAIGI_SIGNALING_PER_ADDRESS_JOINS_PER_MINUTE", "100000");
    }

    private void startCluster() throws Exception {
        String redis = Project.require("redis-server", "apt-get install redis-server");
        processes.add(launch("redis", List.of(redis, "--port", String.valueOf(REDIS), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--requirepass", REDIS_PASSWORD), Map.of()));
        int[][] ports = {{SIGNALING, 19000}, {SIGNALING_2, 19002}};
        for (int i = 0; i < ports.length; i++) {
            Map<String, String> env = new HashMap<>(signalingEnv());
            env.put("KAIGI_REGISTRY", "redis");
            env.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + REDIS);
            env.put("QUARKUS_REDIS_PASSWORD", REDIS_PASSWORD);
            replicas.add(launch("signaling-" + (i + 1), java(Project.jar("signaling-service"), ports[i][0],
                    ports[i][1]), env));
        }
        String proxy = Path.of("target", "test-classes").toAbsolutePath().toString();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        processes.add(launch("entrance-1", List.of(javaBin, "-cp", proxy, FailoverProxy.class.getName(),
                String.valueOf(ENTRANCE_1), String.valueOf(SIGNALING), String.valueOf(SIGNALING_2)), Map.of()));
        processes.add(launch("entrance-2", List.of(javaBin, "-cp", proxy, FailoverProxy.class.getName(),
                String.valueOf(ENTRANCE_2), String.valueOf(SIGNALING_2), String.valueOf(SIGNALING)), Map.of()));
        for (int[] replica : ports) {
            ready(URI.create("http://" + TestNetwork.INSIDE + ":" + replica[1] + "/q/health/ready"));
        }
    }

    private static void ready(URI uri) throws Exception {
        Project.awaitHttp("stack-logs", uri);
    }

    /** SIGKILL of a signaling replica in cluster mode (0 or 1). */
    void killReplica(int n) throws InterruptedException {
        replicas.get(n).destroyForcibly().waitFor();
    }

    /** Open sockets on a replica, from its metrics. */
    int connections(int replica) throws Exception {
        return (int) metric(replica, "kaigi_signaling_connections ");
    }

    /** The value of the Prometheus sample starting with {@code series} (name and labels), or -1. */
    double metric(int replica, String series) throws Exception {
        int management = replica == 0 ? 19000 : 19002;
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + TestNetwork.INSIDE + ":" + management
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    void stopSignaling() throws InterruptedException {
        signaling.destroy();
        if (!signaling.waitFor(20, TimeUnit.SECONDS)) {
            signaling.destroyForcibly();
        }
    }

    /** The signaling service as the test JVM reaches it (over the veth pair). */
    URI signalingFromHost() {
        return URI.create("http://" + TestNetwork.INSIDE + ":" + SIGNALING + "/");
    }

    String chromeDriverUrl() {
        return "http://" + TestNetwork.INSIDE + ":" + CHROMEDRIVER;
    }

    private List<String> java(Path jar, int port, int managementPort) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort, "-jar", jar.toString());
    }

    /** Starts a process inside the test namespace, its output in this stack's logs. */
    Process launch(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(TestNetwork.inside(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_PROFILE", "prod");
        return builder.start();
    }


    @Override
    public void close() throws Exception {
        if (signaling != null) {
            processes.add(signaling);
        }
        processes.addAll(replicas);
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Project.deleteTree(state);
    }
}
