package dev.kaigi.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

final class Project {
    static final Path ROOT = Path.of(System.getProperty("kaigi.root", "..")).toAbsolutePath().normalize();

    private Project() {
    }

    static Path jar(String module) {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: run the whole build (./mvnw verify), which packages "
                    + module + " before the browser tests");
        }
        return jar;
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
