package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class Utf8FrameTest {

    @Property(tries = 3000)
    void anyRangeOfAnyTextIsEncodedAsStringGetBytesEncodesIt(@ForAll("texts") String text,
            @ForAll @IntRange(max = 200) int from, @ForAll @IntRange(max = 200) int to) {
        int start = Math.min(from, to) % (text.length() + 1);
        int end = start + Math.abs(to - from) % (text.length() - start + 1);
        byte[] expected = text.substring(start, end).getBytes(StandardCharsets.UTF_8);

        int length = Utf8Frame.length(text, start, end);
        byte[] written = new Utf8Frame(length).put(text, start, end).bytes();

        assertEquals(expected.length, length, text);
        assertArrayEquals(expected, written, text);
    }

    @Property
    void numbersAreWrittenInTheirDecimalDigits(@ForAll @LongRange(min = 0) long value) {
        int digits = Utf8Frame.digits(value);
        assertEquals(Long.toString(value), new String(new Utf8Frame(digits).put(value, digits).bytes(),
                StandardCharsets.US_ASCII));
    }

    @Test
    void aFrameWrittenShortOfItsMeasureIsAFault() {
        Utf8Frame frame = new Utf8Frame(3).put(Utf8Frame.ascii("ab"));
        assertThrows(IllegalStateException.class, frame::bytes);
    }

    /** ASCII, two- and three-byte chars, pairs (emoji) and unpaired surrogates, mixed. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange('\u0000', '\u007f').withCharRange('\u00a0', '\u07ff')
                .withCharRange('\u3040', '\u30ff').withChars('\ud83d', '\ude00', '\udfff', '\ud800', '\uffff')
                .ofMaxLength(120);
    }
}
