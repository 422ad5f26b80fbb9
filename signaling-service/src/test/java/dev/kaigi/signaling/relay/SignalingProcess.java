package dev.kaigi.signaling.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The packaged signaling service as a real OS process, for tests that stop and restart it. */
public final class SignalingProcess implements AutoCloseable {
    public static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final Path log;
    public final int port;
    private final int managementPort;

    private SignalingProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** The prod profile with test secrets, plus {@code overrides} given as name, value, name, value, … */
    public static Map<String, String> prodEnv(String... overrides) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QUARKUS_PROFILE", "prod",
                "KAIGI_JOIN_TOKEN_SECRET", "it-join-token-secret-0123456789abcdefghijkl",
                "KAIGI_RESUME_SECRET", "it-resume-secret-0123456789abcdefghijklmnop"));
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    /** Ports handed out in this test run: the system may offer a port again before the process given it binds. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A loopback port free now and not handed out before in this run (a cluster starts replicas before they bind). */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    /** Started on a free port and ready, or the test fails. */
    public static SignalingProcess startReady(Map<String, String> env) throws Exception {
        SignalingProcess process = start(freePort(), env);
        process.awaitReady(Duration.ofSeconds(60));
        return process;
    }

    public static SignalingProcess start(int port, Map<String, String> env) throws IOException {
        String jar = System.getProperty("kaigi.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("packaged jar not found (" + jar + "): run through 'mvnw verify'");
        }
        Path log = Files.createTempFile("kaigi-signaling", ".log");
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(POD_JVM);
        Path runJar = Path.of(jar).toAbsolutePath();
        Path app = runJar.getParent();
        if (Files.exists(app.resolve("app-cds.jsa"))) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa"); // as the image runs it; valid from its own directory only
        }
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort, "-Dquarkus.management.host=127.0.0.1", "-jar",
                runJar.getFileName().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new SignalingProcess(builder.start(), log, port, managementPort);
    }

    /**
     * The JVM as the container image runs it in its 512 MiB pod: run-java.sh's collector settings, the heap of
     * JAVA_MAX_MEM_RATIO=70, then the options the image appends (read from the service's own configuration, so the
     * tests cannot drift from it). Memory is measured as an operator would see it, not under this machine's much
     * larger default heap.
     */
    static final List<String> POD_JVM = podJvm();

    private static List<String> podJvm() {
        List<String> options = new ArrayList<>(List.of("-XX:+UseParallelGC", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4", "-XX:AdaptiveSizePolicyWeight=90", "-Xmx358m"));
        Properties config = new Properties();
        try (InputStream in = SignalingProcess.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("the service's application.properties is not on the test classpath");
            }
            config.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the service's application.properties", e);
        }
        options.addAll(List.of(config.getProperty("quarkus.jib.jvm-additional-arguments").split(",")));
        return List.copyOf(options);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public int readiness() {
        try {
            URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
            return HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("signaling service exited:\n" + output());
            }
            if (readiness() == 200) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("signaling service not ready within " + timeout + ":\n" + output());
    }

    /** Resident memory of the process, from /proc. */
    public long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    /** A full GC in the process (jcmd), so heap figures mean what is still referenced. */
    public void runGc() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed for " + process.pid());
        }
    }

    /** The sum of the Prometheus samples starting with {@code series} (name, and labels if given); -1 if none. */
    public double metric(String series) throws Exception {
        double[] values = metrics().lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toArray();
        return values.length == 0 ? -1 : java.util.Arrays.stream(values).sum();
    }

    /** Waits until the metric satisfies {@code condition}; false if it did not within the time. */
    public boolean awaitMetric(String series, java.util.function.DoublePredicate condition, Duration within) {
        try {
            org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> condition.test(metric(series)));
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    /** Heap still in use after a full GC, in bytes. */
    public long heapAfterGc() throws Exception {
        runGc();
        return (long) metric("jvm_memory_used_bytes{area=\"heap\"");
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the process dies without a word to anyone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The readiness check's JSON body (with the reason when DOWN). */
    public String readinessBody() throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
        return HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Prometheus text from the management port. */
    public String metrics() throws Exception {
        URI metrics = URI.create("http://127.0.0.1:" + managementPort + "/q/metrics");
        return HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitCode() {
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
