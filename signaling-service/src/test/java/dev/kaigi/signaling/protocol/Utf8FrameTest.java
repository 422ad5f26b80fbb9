package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class Utf8FrameTest {

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
}
