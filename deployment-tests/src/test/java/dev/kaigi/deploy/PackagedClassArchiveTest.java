package dev.kaigi.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The class archive `mvnw package` leaves beside each service's fast-jar is recorded over a whole start
 * (scripts/train-app-cds.sh), so that most classes the service loads until it is ready come from it. Quarkus' own
 * archive holds only the classes of its static init: about 60 % of them.
 */
class PackagedClassArchiveTest {
    private static final Pattern MANAGEMENT_PORT = Pattern.compile("Management interface listening on http://[^:]+:(\\d+)");
    private static final String SHARED = "source: shared objects file";

    @ParameterizedTest
    @ValueSource(strings = {"signaling-service", "turn-credential-service"})
    void mostClassesLoadedUntilReadyComeFromTheArchive(String module) throws Exception {
        Path app = Project.ROOT.resolve(module).resolve("target/quarkus-app");
        assertTrue(Files.isRegularFile(app.resolve("quarkus-run.jar")) && Files.isRegularFile(app.resolve("app-cds.jsa")),
                module + " is not packaged with its class archive: run ./mvnw package first");
        Path dir = Files.createTempDirectory("kaigi-cds");
        Path classes = dir.resolve("classes.log");
        Path output = dir.resolve("service.log");
        Process service = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=app-cds.jsa", "-Xlog:class+load=info:file=" + classes,
                "-Dquarkus.profile=dev", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0", "-jar", "quarkus-run.jar"))
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            List<String> loaded = classesLoadedUntilReady(service, output, classes);
            long shared = loaded.stream().filter(line -> line.contains(SHARED)).count();
            double share = (double) shared / loaded.size();
            assertTrue(share >= 0.8, String.format("%s: %d of %d classes (%.0f %%) came from app-cds.jsa until ready;"
                    + " it was not recorded over a whole start (scripts/train-app-cds.sh)", module, shared,
                    loaded.size(), share * 100));
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            Project.deleteTree(dir);
        }
    }

    private static List<String> classesLoadedUntilReady(Process service, Path output, Path classes) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertTrue(service.isAlive(), () -> "the service exited while starting:\n" + read(output));
                Matcher port = MANAGEMENT_PORT.matcher(read(output));
                return port.find() && ready(http, port.group(1));
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the service was not ready within 60 s:\n" + read(output), e);
        }
        return Files.readAllLines(classes).stream().filter(line -> line.contains("[class,load]")).toList();
    }

    private static boolean ready(HttpClient http, String port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no output: " + e + ")";
        }
    }
}
