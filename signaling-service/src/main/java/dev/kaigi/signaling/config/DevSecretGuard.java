package dev.kaigi.signaling.config;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.token.JoinTokenConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/** Refuses to start with a secret that is too short, or, in the prod profile, with a dev default secret. */
public class DevSecretGuard {
    static final String DEV_MARKER = "dev-only-";
    static final int MIN_SECRET_LENGTH = 32;

    void onStart(@Observes StartupEvent event, JoinTokenConfig joinToken, SignalingConfig signaling) {
        check(Map.of("kaigi.join-token.secret", joinToken.secret(),
                "kaigi.signaling.resume.secret", signaling.resume().secret()),
                ConfigUtils.getProfiles().contains("prod"));
    }

    static void check(Map<String, String> secrets, boolean prod) {
        secrets.forEach((name, value) -> {
            if (value.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException(name + " must be at least " + MIN_SECRET_LENGTH + " characters");
            }
            if (prod && value.startsWith(DEV_MARKER)) {
                throw new IllegalStateException(name + " is the development default; set a real secret for prod "
                        + "(see docs/configuration.md)");
            }
        });
    }
}
