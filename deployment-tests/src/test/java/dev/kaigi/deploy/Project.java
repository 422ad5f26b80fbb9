package dev.kaigi.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The repository these checks read, and the commands they run. */
final class Project {
    static final Path ROOT = Path.of(System.getProperty("kaigi.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("kaigi.version", "0.1.0-SNAPSHOT");
    /** The Quarkus modules, each one image and one Deployment of the same name. */
    static final List<String> SERVICES = List.of("signaling-service", "turn-credential-service");

    private Project() {
    }

    static Properties applicationProperties(String module) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /** A copy of the given top-level entries in a temp dir, with fresh secrets from the real script. */
    static Path copyWithSecrets(String secretsFile, String... entries) throws Exception {
        Path dir = Files.createTempDirectory("kaigi-deploy");
        for (String entry : entries) {
            copyTree(ROOT.resolve(entry), dir.resolve(entry));
        }
        run(dir, List.of(ROOT.resolve("scripts/generate-secrets.sh").toString(), dir.resolve(secretsFile).toString()));
        return dir;
    }

    static String run(Path workDir, List<String> command) throws Exception {
        Path output = Files.createTempFile("kaigi-cmd", ".out");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        String text = Files.readString(output);
        Files.delete(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    /** Absolute path of a command, or a failure naming the package that provides it. */
    static String require(String command, String install) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        for (String d : dirs) {
            Path candidate = Path.of(d, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(command + " not found: " + install
                + " (scripts/test-all.sh installs it when it can)");
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            try (var files = Files.walk(from)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (!source.getFileName().toString().equals("secrets.env")) {
                        Files.copy(source, target);
                    }
                }
            }
        } else {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        }
    }
}
