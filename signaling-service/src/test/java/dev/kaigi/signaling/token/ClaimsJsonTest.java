package dev.kaigi.signaling.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ClaimsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 500)
    void aStandardParserReadsBackEveryTextAndNumberInTheirOrder(@ForAll String key, @ForAll String text,
            @ForAll long number) throws Exception {
        Assume.that(!key.equals("n") && !key.equals("t"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("n", number);
        claims.put("t", text);
        claims.put(key, "k");

        JsonNode read = JSON.readTree(ClaimsJson.utf8(claims));

        List<String> names = new ArrayList<>();
        read.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("n", "t", key), names);
        assertEquals(number, read.get("n").asLong());
        assertEquals(text, read.get("t").asText());
        assertEquals("k", read.get(key).asText());
    }

    @Property
    void theExtremeNumbersAreWrittenWhole(@ForAll("extremes") long number) throws Exception {
        assertEquals(number, JSON.readTree(ClaimsJson.utf8(Map.of("n", number))).get("n").asLong());
    }

    @Provide
    Arbitrary<Long> extremes() {
        return Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L, 9L, 10L, -10L, 1_700_000_000L);
    }
}
