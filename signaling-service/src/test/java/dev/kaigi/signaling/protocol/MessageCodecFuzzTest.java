package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends, the codec either returns a message that passed its own validation or throws a
 * {@link ProtocolException} with a code: never another exception, which would reach the event loop.
 */
class MessageCodecFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEER = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final List<String> VALID = List.of(
            "{\"type\":\"join\",\"name\":\"Ann\"}",
            "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":\"t\",\"lastSeq\":7}",
            "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"candidate\":{\"sdpMid\":\"0\"}}}",
            "{\"type\":\"chat\",\"text\":\"hi\"}",
            "{\"type\":\"state\",\"audio\":true,\"video\":false,\"screen\":true}",
            "{\"type\":\"ack\",\"seq\":3}",
            "{\"type\":\"leave\"}", "{\"type\":\"ping\"}", "{\"type\":\"refresh-token\"}");
    private final MessageCodec codec = new MessageCodec(new Limits(64, 2000, 1024), 4096);

    private ClientMessage decode(String frame) {
        return codec.decode(frame.getBytes(StandardCharsets.UTF_8));
    }

    private void decodesOrRefusesWithACode(String frame) {
        decodesOrRefusesWithACode(frame.getBytes(StandardCharsets.UTF_8));
    }

    private void decodesOrRefusesWithACode(byte[] frame) {
        try {
            ClientMessage message = codec.decode(frame);
            assertNotNull(MessageCodec.typeOf(message), () -> Arrays.toString(frame));
        } catch (ProtocolException refused) {
            assertNotNull(refused.code(), () -> Arrays.toString(frame));
        }
    }

    @Property(tries = 3000)
    void anyTextIsDecodedOrRefusedWithACode(@ForAll String frame) {
        decodesOrRefusesWithACode(frame);
    }

    @Property(tries = 3000)
    void anyBytesAreDecodedOrRefusedWithACode(@ForAll byte[] frame) {
        decodesOrRefusesWithACode(frame);
    }

    @Property(tries = 3000)
    void mutatedValidMessagesAreDecodedOrRefusedWithACode(@ForAll("mutatedMessages") String frame) {
        decodesOrRefusesWithACode(frame);
    }

    @Property(tries = 200)
    void deepNestingIsRefusedNotOverflowed(@ForAll("depths") int depth) {
        String frame = "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":" + "{\"a\":".repeat(depth) + "1"
                + "}".repeat(depth) + "}";
        decodesOrRefusesWithACode(frame);
        if (depth > 40) {
            assertTrue(refused(frame), "nesting of " + depth + " was accepted");
        }
    }

    private boolean refused(String frame) {
        try {
            decode(frame);
            return false;
        } catch (ProtocolException e) {
            return true;
        }
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 5000);
    }

    /** A valid message with one field removed, retyped, oversized or added. */
    @Provide
    Arbitrary<String> mutatedMessages() {
        Arbitrary<JsonNode> replacements = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(5000).map(JsonNodeFactory.instance::textNode),
                Arbitraries.longs().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(),
                        java.math.BigInteger.TEN.pow(30)).map(JsonNodeFactory.instance::numberNode),
                Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode),
                Arbitraries.just(JsonNodeFactory.instance.nullNode()),
                Arbitraries.just(JsonNodeFactory.instance.arrayNode().add(1).add("x")),
                Arbitraries.just(JsonNodeFactory.instance.objectNode().put("nested", "object")));
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 10), replacements)
                .as((valid, kind, which, replacement) -> mutate(valid, kind, which, replacement));
    }

    private static String mutate(String valid, int kind, int which, JsonNode replacement) {
        try {
            ObjectNode message = (ObjectNode) JSON.readTree(valid);
            List<String> fields = new ArrayList<>();
            message.fieldNames().forEachRemaining(fields::add);
            String field = fields.get(which % fields.size());
            switch (kind) {
                case 0 -> message.remove(field);
                case 1 -> message.set(field, replacement);
                case 2 -> message.set("extra" + which, replacement);
                default -> message.put(field, "x".repeat(100_000));
            }
            return JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whatever text a signal's data holds, the frame relayed is exactly that text, encoded as UTF-8. */
    @Property(tries = 2000)
    void aRelayedSignalCarriesItsDataAsSent(@ForAll("texts") String value, @ForAll("texts") String name) {
        String data = "{" + JSON.valueToTree(name) + ":[" + JSON.valueToTree(value) + ",{\"n\":-1.5e3}]}";
        ClientMessage.Signal signal = (ClientMessage.Signal) decode(
                "{\"type\":\"signal\",\"data\":" + data + ",\"to\":\"" + PEER + "\"}");

        byte[] relayed = codec.encodeUtf8(new ServerMessage.SignalFrom(PEER, signal.data(), 7L));

        assertArrayEquals(("{\"type\":\"signal\",\"from\":\"" + PEER + "\",\"data\":" + data + ",\"seq\":7}")
                .getBytes(StandardCharsets.UTF_8), relayed, data);
    }

    /** ASCII, escapes Jackson writes, two- and three-byte chars, pairs (emoji) and unpaired surrogates. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange('\u0000', '\u007f').withCharRange('\u00a0', '\u07ff')
                .withCharRange('\u3040', '\u30ff').withChars('\ud83d', '\ude00', '\udfff', '\ud800', '\uffff')
                .ofMaxLength(60);
    }
}
