package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerIdsTest {
    private static final int IDS = 10_000;

    @Test
    void everyIdIsTheCanonicalBase64urlOfSixteenBytesAndNoneRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < IDS; i++) {
            String id = PeerIds.random();
            assertTrue(PeerIds.isWellFormed(id), id);
            byte[] bits = Base64.getUrlDecoder().decode(id);
            assertEquals(16, bits.length);
            assertEquals(id, Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
            assertTrue(seen.add(id), "repeated " + id);
        }
    }

    @Test
    void eachOfTheHundredAndTwentyEightBitsIsSetInAboutHalfTheIds() {
        int[] set = new int[128];
        for (int i = 0; i < IDS; i++) {
            byte[] bits = Base64.getUrlDecoder().decode(PeerIds.random());
            for (int bit = 0; bit < 128; bit++) {
                set[bit] += (bits[bit / 8] >> (bit % 8)) & 1;
            }
        }
        for (int bit = 0; bit < 128; bit++) {
            // 10 standard deviations either side of 5 000: a stuck or skewed bit fails, chance never does.
            assertTrue(set[bit] > 4_500 && set[bit] < 5_500, "bit " + bit + " set in " + set[bit] + " of " + IDS);
        }
    }
}
