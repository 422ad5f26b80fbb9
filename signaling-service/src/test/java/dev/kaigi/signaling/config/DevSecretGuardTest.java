package dev.kaigi.signaling.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DevSecretGuardTest {
    private static final Map<String, String> DEV = Map.of("kaigi.join-token.secret",
            "dev-only-join-token-secret-change-me-0123456789");

    @Test
    void prodProfileRefusesDevDefaults() {
        assertThrows(IllegalStateException.class, () -> DevSecretGuard.check(DEV, true));
    }

    @Test
    void otherProfilesAcceptThem() {
        assertDoesNotThrow(() -> DevSecretGuard.check(DEV, false));
    }

    @Test
    void shortSecretsAreAlwaysRefused() {
        assertThrows(IllegalStateException.class, () -> DevSecretGuard.check(Map.of("k", "too-short"), false));
    }
}
