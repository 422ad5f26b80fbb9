package dev.kaigi.credentials.hmac;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials exactly as coturn checks them under {@code use-auth-secret}
 * (draft-uberti-behave-turn-rest-00): {@code password = base64(HMAC-SHA1(secret, username))}.
 */
public final class HmacTurnCredentials {
    private final byte[] signingSecret;
    private final Duration ttl;
    /** Mac.getInstance looks up a provider each time; one initialized Mac per thread is reused instead. */
    private final ThreadLocal<Mac> mac;

    public HmacTurnCredentials(String signingSecret, Duration ttl) {
        this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
        this.mac = ThreadLocal.withInitial(() -> hmacSha1(this.signingSecret));
    }

    public TurnCredential issue(String id, Instant now) {
        Instant expiresAt = now.plus(ttl);
        String username = expiresAt.getEpochSecond() + ":" + id;
        String password = Base64.getEncoder().encodeToString(mac.get().doFinal(username.getBytes(StandardCharsets.UTF_8)));
        return new TurnCredential(username, password, expiresAt);
    }

    public Duration ttl() {
        return ttl;
    }

    static String password(byte[] secret, String username) {
        return Base64.getEncoder().encodeToString(hmacSha1(secret).doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mac hmacSha1(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
        }
    }
}
