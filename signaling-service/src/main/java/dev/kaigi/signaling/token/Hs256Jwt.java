package dev.kaigi.signaling.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kaigi.signaling.protocol.Base64Url;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact HS256 JSON Web Tokens (RFC 7519), signed and checked with one pooled HMAC per thread. A general JOSE
 * library took about a millisecond per join for two tokens; this is the only shape Kaigi issues, so it is all we
 * need. Any standard JWT library verifies what this signs (the tests check with smallrye-jwt). Claims are written by
 * {@link ClaimsJson} and read on jackson-core's streaming parser: data binding would add 0.2 s to the service's start.
 */
final class Hs256Jwt {
    private static final JsonFactory JSON = new JsonFactory();
    /** A claim whose value is neither a string, an integer nor an array of strings: present, never equal to one. */
    private static final Object OTHER = new Object();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] HEADER = Base64.getUrlEncoder().withoutPadding().encode(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final int SIGNATURE_BYTES = 32;

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

    /**
     * The token is written into one array and signed where it lies: a join signs two, and building them from Strings
     * had cost 2.3 KB of garbage each (docs/benchmarks.md). The claims' JSON is written at the array's end and encoded
     * forward over itself, so it needs no array of its own: the encoding starts more than a third of the JSON's
     * length before it (the encoding's growth plus the signature's room), as {@link Base64Url} requires.
     */
    String sign(TokenClaims claims) {
        int json = ClaimsJson.size(claims);
        int signed = HEADER.length + 1 + Base64Url.length(json);
        byte[] token = new byte[signed + 1 + Base64Url.length(SIGNATURE_BYTES)];
        ClaimsJson.writeAtEnd(claims, json, token);
        Base64Url.encode(token, token.length - json, json, token, HEADER.length + 1);
        System.arraycopy(HEADER, 0, token, 0, HEADER.length);
        token[HEADER.length] = '.';
        token[signed] = '.';
        Mac m = mac.get();
        m.update(token, 0, signed);
        Base64Url.encode(m.doFinal(), token, signed + 1);
        return new String(token, StandardCharsets.ISO_8859_1);
    }

    /**
     * The claims of a token this key signed, from this issuer, for this audience, not expired at
     * {@code nowSeconds}; null otherwise. Callers check the subject-specific claims. A claim's value is a String, a
     * Long, or a List of Strings; any other is present but equal to none of those.
     */
    Map<String, Object> verify(String token, String issuer, String audience, long nowSeconds) {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        try {
            Map<String, Object> header = read(DECODER.decode(token.substring(0, first)));
            if (header == null || !"HS256".equals(header.get("alg")) || header.containsKey("crit")) {
                return null;
            }
            byte[] signature = DECODER.decode(token.substring(second + 1));
            if (!MessageDigest.isEqual(signature, hmac(token.substring(0, second)))) {
                return null;
            }
            Map<String, Object> claims = read(DECODER.decode(token.substring(first + 1, second)));
            if (claims == null || !issuer.equals(claims.get("iss")) || !hasAudience(claims.get("aud"), audience)
                    || !(claims.get("exp") instanceof Long exp) || exp <= nowSeconds) {
                return null;
            }
            return claims;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static boolean hasAudience(Object aud, String audience) {
        return audience.equals(aud) || aud instanceof List<?> list && list.contains(audience);
    }

    /** The members of a JSON object, or null when the bytes are not one. Throws IOException on bad JSON. */
    private static Map<String, Object> read(byte[] bytes) throws IOException {
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, Object> members = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                members.put(name, value(parser, parser.nextToken()));
            }
            return parser.nextToken() == null ? members : null;
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> items = new ArrayList<>();
            for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                items.add(value(parser, item));
            }
            return items;
        }
        parser.skipChildren();
        return OTHER;
    }

    private byte[] hmac(String signingInput) {
        return mac.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    }
}
