package dev.kaigi.credentials.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DevSecretGuardTest {
    private static final Map<String, String> DEV = Map.of("kaigi.turn.secrets[0]",
            "dev-only-turn-secret-change-me-0123456789");

    @Test
    void prodProfileRefusesDevDefaultSecret() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DevSecretGuard.check(DEV, true));
        assertTrue(e.getMessage().contains("kaigi.turn.secrets[0]"));
    }

    @Test
    void devProfileAcceptsDevDefaultSecret() {
        assertDoesNotThrow(() -> DevSecretGuard.check(DEV, false));
    }

    @Test
    void shortSecretsAreRefusedInEveryProfile() {
        assertThrows(IllegalStateException.class, () -> DevSecretGuard.check(Map.of("s", "short"), false));
    }
}
