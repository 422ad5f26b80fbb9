package dev.kaigi.signaling.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ClaimsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The claims in an array of their own, as a token's array holds them before encoding. */
    static byte[] utf8(TokenClaims claims) {
        int size = ClaimsJson.size(claims);
        byte[] bytes = new byte[size];
        ClaimsJson.writeAtEnd(claims, size, bytes);
        return bytes;
    }

    @Property(tries = 500)
    void aStandardParserReadsBackEveryTextAndNumberInTheirOrder(@ForAll String issuer, @ForAll String subject,
            @ForAll String room, @ForAll long issuedAt, @ForAll long expiresAt, @ForAll String name) throws Exception {
        JsonNode read = JSON.readTree(utf8(
                new TokenClaims(issuer, "kaigi-resume", subject, room, issuedAt, expiresAt, name)));

        assertEquals(List.of("iss", "aud", "sub", "room", "iat", "exp", "name"), names(read));
        assertEquals(issuer, read.get("iss").asText());
        assertEquals("kaigi-resume", read.get("aud").asText());
        assertEquals(subject, read.get("sub").asText());
        assertEquals(room, read.get("room").asText());
        assertEquals(issuedAt, read.get("iat").asLong());
        assertEquals(expiresAt, read.get("exp").asLong());
        assertEquals(name, read.get("name").asText());
    }

    @Example
    void aMissingRoomOrNameIsLeftOut() throws Exception {
        JsonNode read = JSON.readTree(utf8(new TokenClaims("i", "a", "s", null, 1, 2, null)));
        assertEquals(List.of("iss", "aud", "sub", "iat", "exp"), names(read));
    }

    @Property
    void theExtremeNumbersAreWrittenWhole(@ForAll("extremes") long number) throws Exception {
        JsonNode read = JSON.readTree(utf8(new TokenClaims("i", "a", "s", "r", number, number, "n")));
        assertEquals(number, read.get("iat").asLong());
        assertEquals(number, read.get("exp").asLong());
    }

    @Provide
    Arbitrary<Long> extremes() {
        return Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L, 9L, 10L, -10L, 1_700_000_000L);
    }

    private static List<String> names(JsonNode read) {
        List<String> names = new ArrayList<>();
        read.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
