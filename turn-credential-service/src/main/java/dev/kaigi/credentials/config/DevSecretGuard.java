package dev.kaigi.credentials.config;

import dev.kaigi.credentials.CredentialsConfig;
import dev.kaigi.credentials.TurnConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Refuses to start with a short secret, or, in the prod profile, with a dev default secret. */
public class DevSecretGuard {
    static final String DEV_MARKER = "dev-only-";
    static final int MIN_SECRET_LENGTH = 32;

    void onStart(@Observes StartupEvent event, CredentialsConfig credentials, TurnConfig turn) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("kaigi.credentials.join-token-secret", credentials.joinTokenSecret());
        for (int i = 0; i < turn.secrets().size(); i++) {
            secrets.put("kaigi.turn.secrets[" + i + "]", turn.secrets().get(i));
        }
        credentials.apiKeys().ifPresent(keys -> {
            for (int i = 0; i < keys.size(); i++) {
                secrets.put("kaigi.credentials.api-keys[" + i + "]", keys.get(i));
            }
        });
        check(secrets, ConfigUtils.getProfiles().contains("prod"));
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
