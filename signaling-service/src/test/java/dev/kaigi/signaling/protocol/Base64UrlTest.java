package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class Base64UrlTest {
    @Property(tries = 500)
    void writesWhatTheJdksUnpaddedUrlEncoderWritesAtAnyPlace(@ForAll @Size(max = 70) byte[] bytes,
            @ForAll @IntRange(max = 5) int at) {
        byte[] expected = Base64.getUrlEncoder().withoutPadding().encode(bytes);
        byte[] out = new byte[at + Base64Url.length(bytes.length) + 1];
        Base64Url.encode(bytes, out, at);
        assertEquals(expected.length, Base64Url.length(bytes.length));
        byte[] written = new byte[expected.length];
        System.arraycopy(out, at, written, 0, written.length);
        assertArrayEquals(expected, written);
        assertEquals(0, out[out.length - 1], "nothing written past the encoding");
    }

    /** As a token encodes its claims: the input lies further on in the same array, as close as encode allows. */
    @Property(tries = 500)
    void encodesForwardOverItsOwnInputWhenItStartsAThirdOfTheInputBeforeIt(@ForAll @Size(max = 300) byte[] bytes,
            @ForAll @IntRange(max = 5) int at, @ForAll @IntRange(max = 3) int slack) {
        byte[] expected = Base64.getUrlEncoder().withoutPadding().encode(bytes);
        int from = at + bytes.length / 3 + 1 + slack;
        byte[] array = new byte[Math.max(from + bytes.length, at + expected.length)];
        System.arraycopy(bytes, 0, array, from, bytes.length);
        Base64Url.encode(array, from, bytes.length, array, at);
        byte[] written = new byte[expected.length];
        System.arraycopy(array, at, written, 0, written.length);
        assertArrayEquals(expected, written);
    }
}
