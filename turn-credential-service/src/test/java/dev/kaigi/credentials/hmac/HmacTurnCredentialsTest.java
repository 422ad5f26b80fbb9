package dev.kaigi.credentials.hmac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HmacTurnCredentialsTest {

    /**
     * Vectors computed independently of this code:
     * <pre>
     * echo -n "1700000000:alice" | openssl dgst -sha1 -hmac "test-secret-one-0123456789abcdef0123" -binary | base64
     * echo -n "1700000000:bob" | openssl dgst -sha1 -hmac "another-secret" -binary | base64
     * </pre>
     */
    @Test
    void passwordMatchesOpensslHmacSha1Vectors() {
        assertEquals("A6losZS5cKwv/sO0JA7HkkPn8xc=", HmacTurnCredentials.password(
                "test-secret-one-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), "1700000000:alice"));
        assertEquals("GxIBJ9AYlF0bZWzQp4E7KzdsN28=", HmacTurnCredentials.password(
                "another-secret".getBytes(StandardCharsets.UTF_8), "1700000000:bob"));
    }

    @Test
    void usernameIsExpiryColonIdAndExpiryIsNowPlusTtl() {
        HmacTurnCredentials credentials = new HmacTurnCredentials("test-secret-one-0123456789abcdef0123",
                Duration.ofSeconds(3600));
        TurnCredential credential = credentials.issue("alice", Instant.ofEpochSecond(1_699_996_400L));
        assertEquals("1700000000:alice", credential.username());
        assertEquals("A6losZS5cKwv/sO0JA7HkkPn8xc=", credential.password());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), credential.expiresAt());
    }
}
