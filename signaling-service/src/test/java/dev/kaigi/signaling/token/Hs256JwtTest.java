package dev.kaigi.signaling.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class Hs256JwtTest {
    private static final String SECRET = "test-secret-0123456789-0123456789-abcdef";
    private final Hs256Jwt jwt = new Hs256Jwt(SECRET);
    private final long now = Instant.now().getEpochSecond();

    private TokenClaims claims(String audience, long exp) {
        return claims(audience, exp, null);
    }

    private TokenClaims claims(String audience, long exp, String name) {
        return new TokenClaims("kaigi-signaling", audience, "peer", "r", now, exp, name);
    }

    @Test
    void acceptsWhatAStandardLibrarySignedWithTheSameKey() {
        String token = Jwt.issuer("kaigi-signaling").audience("kaigi-turn").subject("peer").claim("room", "r")
                .expiresAt(now + 60).sign(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals("r", jwt.verify(token, "kaigi-signaling", "kaigi-turn", now).get("room"));
    }

    @Test
    void aStandardLibraryReadsWhatItSignsWhateverTheNameHolds() throws Exception {
        // A display name is the one claim a user writes: quotes, backslashes, controls, lone surrogates and any script
        // must survive.
        String name = "Ann \"A\\B\" 会議 \uD83D\uDE00\n\t\u0001\u2028</script> \uD800x\uDC00 é";
        String token = jwt.sign(claims("kaigi-turn", now + 60, name));
        JsonWebToken read = StandardJwtReader.read(token, SECRET, "kaigi-turn");
        assertEquals(name, read.getClaim("name"));
        assertEquals("peer", read.getSubject());
        assertEquals(now + 60, read.getExpirationTime());
        assertEquals(now, read.getIssuedAtTime());
        assertEquals(name, jwt.verify(token, "kaigi-signaling", "kaigi-turn", now).get("name"));
    }

    /**
     * The token is written by hand, byte by byte: whatever a name holds (any length, so every base64 tail; any
     * character, a lone surrogate too), the standard library and this verifier read back the name it signed.
     */
    @Property(tries = 300)
    void everyNameSurvivesTheHandWrittenTokenAsAStandardLibraryReadsIt(@ForAll String name) throws Exception {
        String token = jwt.sign(claims("kaigi-turn", now + 60, name));
        assertEquals(name, StandardJwtReader.read(token, SECRET, "kaigi-turn").getClaim("name"));
        assertEquals(name, jwt.verify(token, "kaigi-signaling", "kaigi-turn", now).get("name"));
    }

    /**
     * The claims are encoded over themselves inside the token's array: byte for byte, the token is the JDK's
     * encoding of the header, of the claims' JSON in an array of its own, and of their HMAC.
     */
    @Property(tries = 300)
    void isTheJdksEncodingOfTheClaimsAndTheirSignature(@ForAll String subject, @ForAll String name,
            @ForAll long issuedAt, @ForAll long expiresAt) throws Exception {
        TokenClaims claims = new TokenClaims("kaigi-signaling", "kaigi-turn", subject, "r", issuedAt, expiresAt, name);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(ClaimsJsonTest.utf8(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(signed + "." + signature, jwt.sign(claims));
    }

    @Test
    void refusesForgedTamperedExpiredOrMisaddressedTokens() {
        String token = jwt.sign(claims("kaigi-turn", now + 60));
        assertNotNull(jwt.verify(token, "kaigi-signaling", "kaigi-turn", now));
        String[] parts = token.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String otherPayload = b64.encodeToString("{\"iss\":\"kaigi-signaling\",\"aud\":\"kaigi-turn\",\"sub\":\"mallory\",\"exp\":9999999999}"
                .getBytes(StandardCharsets.UTF_8));
        String unsigned = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        for (String bad : List.of(
                parts[0] + "." + otherPayload + "." + parts[2],
                unsigned,
                new Hs256Jwt("another-secret-0123456789-0123456789").sign(claims("kaigi-turn", now + 60)),
                jwt.sign(claims("kaigi-turn", now)),
                jwt.sign(claims("kaigi-resume", now + 60)),
                token + ".extra", "not-a-token", "", "a.b.c")) {
            assertNull(jwt.verify(bad, "kaigi-signaling", "kaigi-turn", now), bad);
        }
        assertNull(jwt.verify(token, "someone-else", "kaigi-turn", now));
    }
}
