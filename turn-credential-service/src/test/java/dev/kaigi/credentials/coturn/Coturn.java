package dev.kaigi.credentials.coturn;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn on 127.0.0.1 with REST-API auth ({@code use-auth-secret}), on free ports in a temp directory.
 * Fails, never skips, when coturn is not installed: the README test command installs it.
 */
final class Coturn implements AutoCloseable {
    private final Path dir;
    /** What turnutils_uclient printed in the last {@link #relays} call. */
    String lastClientOutput = "";
    private final Process process;
    final int port;

    private Coturn(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The production template k8s/turnserver.conf; the tests add only ports, files and a loopback allowance. */
    static final Path TEMPLATE = Path.of("..", "k8s", "turnserver.conf");

    static Coturn start(List<String> secrets) throws IOException, InterruptedException {
        return start(secrets, true);
    }

    /**
     * @param allowLoopbackPeer the relay target in these tests is the test client itself on 127.0.0.1, which the
     *        production template denies; true re-allows exactly that address.
     */
    static Coturn start(List<String> secrets, boolean allowLoopbackPeer) throws IOException, InterruptedException {
        String turnserver = requireOnPath("turnserver");
        requireOnPath("turnutils_uclient");
        if (!Files.isRegularFile(TEMPLATE)) {
            throw new IllegalStateException("coturn template not found at " + TEMPLATE.toAbsolutePath());
        }
        Path dir = Files.createTempDirectory("kaigi-coturn");
        int port = freeUdpAndTcpPort();
        int relayMin = 40000 + (port % 20000);
        List<String> command = new ArrayList<>(List.of(turnserver, "-c", TEMPLATE.toString(),
                "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1", "--listening-port", String.valueOf(port),
                "--min-port", String.valueOf(relayMin), "--max-port", String.valueOf(relayMin + 100),
                "--no-tls", "--no-dtls", "--log-file", dir.resolve("turn.log").toString(),
                "--pidfile", dir.resolve("turn.pid").toString(), "--userdb", dir.resolve("turndb").toString()));
        if (allowLoopbackPeer) {
            command.addAll(List.of("--allow-loopback-peers", "--allowed-peer-ip", "127.0.0.1"));
        }
        secrets.forEach(secret -> command.addAll(List.of("--static-auth-secret", secret)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Coturn coturn = new Coturn(dir, process, port);
        coturn.awaitListening(Duration.ofSeconds(15));
        return coturn;
    }

    /**
     * Allocates a relay with these credentials and sends data through it (turnutils_uclient in client-to-client
     * mode). True only if the allocation succeeded and the data came back.
     */
    boolean relays(String username, String password) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "uclient", ".log");
        Process client = new ProcessBuilder("turnutils_uclient", "-p", String.valueOf(port), "-u", username,
                "-w", password, "-n", "1", "-m", "1", "-l", "120", "-y", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!client.waitFor(30, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("turnutils_uclient did not finish: " + Files.readString(output));
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        lastClientOutput = log;
        // The closing summary, e.g. "start_mclient: tot_send_msgs=4, tot_recv_msgs=4".
        java.util.regex.Matcher totals = java.util.regex.Pattern
                .compile("start_mclient: tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)").matcher(log);
        if (client.exitValue() != 0 || !totals.find()) {
            return false;
        }
        int received = Integer.parseInt(totals.group(2));
        return received > 0 && received == Integer.parseInt(totals.group(1));
    }

    String log() throws IOException {
        Path log = dir.resolve("turn.log");
        return Files.exists(log) ? Files.readString(log) : Files.readString(dir.resolve("stdout.log"));
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("turnserver did not listen on " + port + " within " + timeout);
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // the UDP side was taken; try another
            }
        }
        throw new IOException("no free port for TCP and UDP");
    }

    private static String requireOnPath(String command) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/bin");
        for (String d : dirs) {
            Path candidate = Path.of(d, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(command + " not found: install coturn (apt-get install -y coturn); "
                + "the README test command does this");
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
