package dev.kaigi.credentials.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks compact HS256 JSON Web Tokens (RFC 7519) with one pooled HMAC per thread: the join tokens the signaling
 * service signs. A general JOSE library spent most of a request's time here; this accepts exactly one shape.
 */
final class Hs256Verifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final ThreadLocal<Mac> mac;

    Hs256Verifier(String secret) {
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

    /** The claims when the signature, issuer, audience and expiry (against {@code nowSeconds}) hold; else null. */
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
            byte[] expected = mac.get().doFinal(token.substring(0, second).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(DECODER.decode(token.substring(second + 1)), expected)) {
                return null;
            }
            JsonNode claims = JSON.readTree(DECODER.decode(token.substring(first + 1, second)));
            if (claims == null || !claims.isObject() || !issuer.equals(claims.path("iss").textValue())
                    || !hasAudience(claims.path("aud"), audience) || !claims.path("exp").isIntegralNumber()
                    || claims.path("exp").longValue() <= nowSeconds) {
                return null;
            }
            return claims;
        } catch (IllegalArgumentException | IOException e) {
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
}
