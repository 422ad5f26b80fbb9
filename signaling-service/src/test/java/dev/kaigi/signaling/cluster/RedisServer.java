package dev.kaigi.signaling.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}) for tests: free port, temp dir, no
 * persistence. {@link #stop()} then {@link #start()} again simulates an outage with data loss.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final String password;
    private Process process;

    private RedisServer(int port, Path dir, String password) {
        this.port = port;
        this.dir = dir;
        this.password = password;
    }

    public static RedisServer start() {
        return start(null);
    }

    /** With a password, clients must authenticate (as the Kubernetes manifests require). */
    public static RedisServer start(String password) {
        try {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("kaigi-redis"), password);
            try {
                server.launch();
            } catch (RuntimeException e) {
                server.close(); // the caller gets no server to close, so its directory goes here
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void launch() {
        String binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server")
                .stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "redis-server is not installed (Debian package: redis-server); scripts/test-all.sh installs it"));
        List<String> command = new java.util.ArrayList<>(List.of(binary, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port);
    }

    /** Without the password; see {@link #authenticatedUrl()}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public String authenticatedUrl() {
        return password == null ? url() : "redis://:" + password + "@127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server; its data is gone. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the server and removes its directory. */
    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a few bytes left in the temp dir
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
