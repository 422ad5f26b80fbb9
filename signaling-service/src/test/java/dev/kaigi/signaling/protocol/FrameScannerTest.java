package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scan accepts and refuses exactly the frames Jackson's did ({@link JacksonOutline}, on the codec's
 * read constraints), and finds the same type, data, to and other field in them.
 */
class FrameScannerTest {
    private static final JsonFactory JACKSON = JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(FrameScanner.MAX_DEPTH).build()).build();
    private static final String PEER = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final List<String> SEEDS = List.of(
            "{\"type\":\"signal\",\"to\":\"" + PEER
                    + "\",\"data\":{\"candidate\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}}",
            "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 \\u0031\\/x\"}}",
            " {\"data\" : [1, -0.5e+3, 2E-7, true, false, null, \"\\\"\\\\\\b\\f\\n\\t\"] , \"type\" : \"x\"}\n",
            "{\"type\":\"join\",\"name\":\"Ann \u00e9 \ud83d\ude00\",\"offer\":{\"sdp\":\"\"}}",
            "{\"typ\\u0065\":\"sig\\u006eal\",\"t\\u006f\":\"" + PEER + "\",\"data\":{}}",
            "{\"type\":\"ack\",\"seq\":3}", "{\"type\":{\"a\":[]},\"type\":\"ping\"}", "[1,{\"a\":\"b\"}]", "\"text\"",
            "-12.5e3", "{}", "{\"data\":{},\"data\":[]}", "{\"to\":5,\"type\":\"signal\"}");
    /** What an edit puts into a frame: JSON's own characters, and those a strict parser must refuse. */
    private static final String EDITS = "{}[]\":,\\ \t\n\r/u0123456789abcdefABCDEF-+.eEtrufalsn'#x\u0000\u001f\u007f"
            + "\u00e9\u4f1a\ud83d\ude00\ufeff\u00a0";

    private static void sameAsJackson(String frame) {
        Object expected = outcome(() -> JacksonOutline.scan(JACKSON, frame));
        Object actual = outcome(() -> FrameScanner.outline(frame));
        assertEquals(expected, actual, () -> "frame: " + frame);
    }

    /** The outline found, or the error code of the refusal. */
    private static Object outcome(java.util.function.Supplier<FrameOutline> scan) {
        try {
            return scan.get();
        } catch (ProtocolException e) {
            return e.code();
        }
    }

    @Property(tries = 20000)
    void editedFramesAreReadAsJacksonReadsThem(@ForAll("editedFrames") String frame) {
        sameAsJackson(frame);
    }

    @Property(tries = 3000)
    void anyTextIsReadAsJacksonReadsIt(@ForAll String frame) {
        sameAsJackson(frame);
    }

    @Property(tries = 300)
    void nestingIsReadAsJacksonReadsIt(@ForAll @IntRange(min = 1, max = 40) int depth, @ForAll boolean arrays) {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        sameAsJackson("{\"type\":\"x\",\"data\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}");
        sameAsJackson(open.repeat(depth) + "1" + close.repeat(depth));
    }

    @Test
    void numbersAroundTheLengthLimitAreReadAsJacksonReadsThem() {
        for (int digits : new int[] {999, 1000, 1001, 1500}) {
            String n = "7".repeat(digits);
            for (String number : List.of(n, "-" + n, "1." + n, "1e" + n, n + ".5", n + "e5", "0." + n + "e-" + n)) {
                sameAsJackson("{\"type\":\"x\",\"data\":{\"n\":" + number + "}}");
            }
        }
    }

    @Provide
    Arbitrary<String> editedFrames() {
        Arbitrary<Character> inserted = Arbitraries.of(EDITS.chars().mapToObj(c -> (char) c).toList());
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 10_000), inserted)
                .as((kind, where, c) -> new int[] {kind, where, c});
        return Combinators.combine(Arbitraries.of(SEEDS), edit.list().ofMinSize(1).ofMaxSize(3))
                .as((seed, edits) -> {
                    StringBuilder frame = new StringBuilder(seed);
                    for (int[] e : edits) {
                        int at = e[1] % (frame.length() + 1);
                        switch (e[0]) {
                            case 0 -> frame.insert(at, (char) e[2]);
                            case 1 -> frame.deleteCharAt(Math.min(at, frame.length() - 1));
                            default -> frame.setCharAt(Math.min(at, frame.length() - 1), (char) e[2]);
                        }
                        if (frame.length() == 0) {
                            frame.append((char) e[2]);
                        }
                    }
                    return frame.toString();
                });
    }
}
