package dev.kaigi.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

final class Project {
    static final Path ROOT = Path.of(System.getProperty("kaigi.root", "..")).toAbsolutePath().normalize();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Project() {
    }

    /** Waits up to 60 s for {@code uri} to answer at all; the failure names the log directory under target/. */
    static void awaitHttp(String logs, URI uri) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException(uri + " did not answer within 60 s; see browser-tests/target/" + logs + "/");
    }

    static Path jar(String module) {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: run the whole build (./mvnw verify), which packages "
                    + module + " before the browser tests");
        }
        return jar;
    }

    /** Removes a temp directory a test made (a browser profile, a server's state): best effort, as it is torn down. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a browser still writing its profile while it exits: what remains is small, and in the temp dir
        }
    }

    /**
     * The environment of a ChromeDriver: the browsers it starts write their temporary files under {@code state},
     * which the test removes, not in the machine's /tmp, where a Chromium that was killed leaves them behind.
     */
    static Map<String, String> browserTemp(Path state) throws IOException {
        return Map.of("TMPDIR", Files.createDirectories(state.resolve("browser-tmp")).toString());
    }

    static String require(String command, String install) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/sbin", "/bin"));
        for (String d : dirs) {
            Path candidate = Path.of(d, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(command + " not found: " + install
                + " (scripts/test-all.sh installs it when it can)");
    }
}
