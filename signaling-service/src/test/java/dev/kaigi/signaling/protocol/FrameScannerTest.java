package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
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
 * read constraints), and finds the same type, data, to and other field in them; bytes that are not UTF-8 it refuses.
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
            "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"sdp\":\"v=0\\r\\no=- 4611731400430051336 2 IN IP4 "
                    + "127.0.0.1\\r\\ns=caf\u00e9 \u4f1a\u8b70 \ud83d\ude00\\r\\nt=0 0\\r\\na=group:BUNDLE 0 1\\r\\n\"}}",
            "{\"type\":\"ack\",\"seq\":3}", "{\"type\":{\"a\":[]},\"type\":\"ping\"}", "[1,{\"a\":\"b\"}]", "\"text\"",
            "-12.5e3", "{}", "{\"data\":{},\"data\":[]}", "{\"to\":5,\"type\":\"signal\"}",
            "{\"type\":\"signal\",\"ack\":907,\"to\":\"" + PEER + "\",\"data\":{\"n\":1}}",
            "{\"ack\":-1,\"ack\":0,\"a\\u0063k\":123456789012345678,\"ack\":1234567890123456789}");
    /** What an edit puts into a frame: JSON's own characters, and those a strict parser must refuse. */
    private static final String EDITS = "{}[]\":,\\ \t\n\r/u0123456789abcdefABCDEF-+.eEtrufalsn'#x\u0000\u001f\u007f"
            + "\u00e9\u4f1a\ud83d\ude00\ufeff\u00a0";

    /** A frame as a socket carries it, in UTF-8, where an unpaired surrogate cannot be and is sent as '?'. */
    private static void sameAsJackson(String frame) {
        byte[] sent = frame.getBytes(StandardCharsets.UTF_8);
        sameAsJackson(sent, new String(sent, StandardCharsets.UTF_8));
    }

    private static void sameAsJackson(byte[] frame, String text) {
        Object expected = outcome(() -> JacksonOutline.scan(JACKSON, text));
        Object actual = outcome(() -> FrameScanner.outline(frame));
        assertEquals(expected, actual, () -> "frame: " + text);
    }

    /** Bytes that are UTF-8 are read as Jackson reads their text; any others are refused as bad JSON. */
    private static void sameAsJacksonOrNotUtf8(byte[] frame) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(frame)).toString();
        } catch (CharacterCodingException e) {
            assertEquals(ErrorCode.BAD_JSON, outcome(() -> FrameScanner.outline(frame)), () -> Arrays.toString(frame));
            return;
        }
        sameAsJackson(frame, text);
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

    @Property(tries = 20000)
    void byteEditedFramesAreReadAsJacksonReadsThemOrRefusedWhenNotUtf8(@ForAll("byteEditedFrames") byte[] frame) {
        sameAsJacksonOrNotUtf8(frame);
    }

    /** Bytes above ASCII in a field name and a string of data: every form of UTF-8, right or wrong, shows up. */
    @Property(tries = 5000)
    void highBytesInStringsAreReadAsUtf8OrRefused(@ForAll("highBytes") byte[] content) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"").getBytes(StandardCharsets.US_ASCII));
        frame.writeBytes(content);
        frame.writeBytes("\":1,\"data\":{\"s\":\"".getBytes(StandardCharsets.US_ASCII));
        frame.writeBytes(content);
        frame.writeBytes("\"}}".getBytes(StandardCharsets.US_ASCII));
        sameAsJacksonOrNotUtf8(frame.toByteArray());
    }

    /** Every lead byte above ASCII with every second byte, and continuations or not after: each UTF-8 boundary. */
    @Test
    void everyMultiByteFormIsReadAsUtf8OrRefused() {
        byte[] head = ("{\"type\":\"x\",\"data\":{\"s\":\"").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}}".getBytes(StandardCharsets.US_ASCII);
        byte[] after = {(byte) 0x80, (byte) 0xbf, 'A'};
        for (int lead = 0x80; lead <= 0xff; lead++) {
            for (int second = 0; second <= 0xff; second++) {
                for (byte third : after) {
                    for (byte fourth : after) {
                        byte[] frame = Arrays.copyOf(head, head.length + 4 + tail.length);
                        frame[head.length] = (byte) lead;
                        frame[head.length + 1] = (byte) second;
                        frame[head.length + 2] = third;
                        frame[head.length + 3] = fourth;
                        System.arraycopy(tail, 0, frame, head.length + 4, tail.length);
                        sameAsJacksonOrNotUtf8(frame);
                    }
                }
            }
        }
    }

    @Provide
    Arbitrary<byte[]> highBytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().between((byte) 0x80, (byte) 0xff), Arbitraries.just((byte) 'a'))
                .array(byte[].class).ofMaxSize(12);
    }

    @Property(tries = 3000)
    void anyBytesAreReadAsJacksonReadsThemOrRefusedWhenNotUtf8(@ForAll byte[] frame) {
        sameAsJacksonOrNotUtf8(frame);
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

    /**
     * What a byte edit puts into a frame: JSON's own characters, and the bytes around every boundary of UTF-8's
     * forms (continuations, overlong leads, the surrogates' range, the end of Unicode, bytes never used).
     */
    private static final byte[] BYTE_EDITS = {'{', '}', '"', '\\', ':', ',', ' ', 'u', '0', 'a', 0, 0x1f, 0x7f,
            (byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f, (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1,
            (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xed, (byte) 0xee, (byte) 0xef, (byte) 0xf0, (byte) 0xf4,
            (byte) 0xf5, (byte) 0xf8, (byte) 0xff};

    @Provide
    Arbitrary<byte[]> byteEditedFrames() {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, BYTE_EDITS.length - 1))
                .as((kind, where, which) -> new int[] {kind, where, BYTE_EDITS[which]});
        return Combinators.combine(Arbitraries.of(SEEDS), edit.list().ofMinSize(1).ofMaxSize(3))
                .as((seed, edits) -> {
                    List<Byte> frame = new ArrayList<>();
                    for (byte b : seed.getBytes(StandardCharsets.UTF_8)) {
                        frame.add(b);
                    }
                    edit(frame, edits, e -> (byte) e);
                    byte[] bytes = new byte[frame.size()];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = frame.get(i);
                    }
                    return bytes;
                });
    }

    @Provide
    Arbitrary<String> editedFrames() {
        Arbitrary<Character> inserted = Arbitraries.of(EDITS.chars().mapToObj(c -> (char) c).toList());
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 10_000), inserted)
                .as((kind, where, c) -> new int[] {kind, where, c});
        return Combinators.combine(Arbitraries.of(SEEDS), edit.list().ofMinSize(1).ofMaxSize(3))
                .as((seed, edits) -> {
                    List<Character> frame = new ArrayList<>(seed.chars().mapToObj(c -> (char) c).toList());
                    edit(frame, edits, e -> (char) e);
                    StringBuilder text = new StringBuilder(frame.size());
                    frame.forEach(text::append);
                    return text.toString();
                });
    }

    /**
     * Applies each edit {kind, where, what} to a frame: inserts (0), deletes (1) or replaces (2) at {@code where}
     * taken modulo its length; a frame left empty gets {@code what}.
     */
    private static <T> void edit(List<T> frame, List<int[]> edits, IntFunction<T> what) {
        for (int[] e : edits) {
            int at = e[1] % (frame.size() + 1);
            switch (e[0]) {
                case 0 -> frame.add(at, what.apply(e[2]));
                case 1 -> frame.remove(Math.min(at, frame.size() - 1));
                default -> frame.set(Math.min(at, frame.size() - 1), what.apply(e[2]));
            }
            if (frame.isEmpty()) {
                frame.add(what.apply(e[2]));
            }
        }
    }
}
