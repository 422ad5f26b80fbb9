package dev.kaigi.signaling.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact HS256 JSON Web Tokens (RFC 7519), signed and checked with one pooled HMAC per thread. A general JOSE
 * library took about a millisecond per join for two tokens; this is the only shape Kaigi issues, so it is all we
 * need. Any standard JWT library verifies what this signs (the tests check with smallrye-jwt).
 */
final class Hs256Jwt {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String HEADER = ENCODER.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final ThreadLocal<Mac> mac;

    Hs256Jwt(String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    String sign(Map<String, Object> claims) {
        String signingInput;
        try {
            signingInput = HEADER + "." + ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims not serializable", e);
        }
        return signingInput + "." + ENCODER.encodeToString(hmac(signingInput));
    }

    /**
     * The claims of a token this key signed, from this issuer, for this audience, not expired at
     * {@code nowSeconds}; null otherwise. Callers check the subject-specific claims.
     */
    JsonNode verify(String token, String issuer, String audience, long nowSeconds) {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        try {
            JsonNode header = JSON.readTree(DECODER.decode(token.substring(0, first)));
            if (header == null || !"HS256".equals(header.path("alg").textValue()) || header.has("crit")) {
                return null;
            }
            byte[] signature = DECODER.decode(token.substring(second + 1));
            if (!MessageDigest.isEqual(signature, hmac(token.substring(0, second)))) {
                return null;
            }
            JsonNode claims = JSON.readTree(DECODER.decode(token.substring(first + 1, second)));
            if (claims == null || !claims.isObject() || !issuer.equals(claims.path("iss").textValue())
                    || !hasAudience(claims.path("aud"), audience) || !claims.path("exp").isIntegralNumber()
                    || claims.path("exp").longValue() <= nowSeconds) {
                return null;
            }
            return claims;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    private static boolean hasAudience(JsonNode aud, String audience) {
        if (aud.isTextual()) {
            return audience.equals(aud.textValue());
        }
        for (JsonNode one : aud) {
            if (audience.equals(one.textValue())) {
                return true;
            }
        }
        return false;
    }

    private byte[] hmac(String signingInput) {
        return mac.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    }
}
