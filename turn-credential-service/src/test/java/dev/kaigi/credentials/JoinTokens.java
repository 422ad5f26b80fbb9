package dev.kaigi.credentials;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/** Mints join tokens the way the signaling service does, for tests of the credential service. */
public final class JoinTokens {
    public static final String TEST_SECRET = "dev-only-join-token-secret-change-me-0123456789";

    private JoinTokens() {
    }

    public static String valid(String peerId) {
        return sign(peerId, "kaigi-turn", Instant.now().plusSeconds(600), TEST_SECRET);
    }

    public static String sign(String peerId, String audience, Instant expiresAt, String secret) {
        return Jwt.issuer("kaigi-signaling").audience(audience).subject(peerId).claim("room", "test-room")
                .issuedAt(expiresAt.minusSeconds(600)).expiresAt(expiresAt)
                .sign(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }
}
