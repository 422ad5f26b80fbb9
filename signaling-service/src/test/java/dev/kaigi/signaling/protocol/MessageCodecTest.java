package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static final String PEER = "AAAAAAAAAAAAAAAAAAAAAA";
    private final MessageCodec codec = new MessageCodec(new Limits(64, 2000, 1024), 4096);

    private ErrorCode rejection(String frame) {
        return assertThrows(ProtocolException.class, () -> codec.decode(frame)).code();
    }

    @Test
    void decodesEveryMessageType() {
        assertEquals("Ann", ((ClientMessage.Join) codec.decode("{\"type\":\"join\",\"name\":\"  Ann \"}"))
                .displayName());
        ClientMessage.Signal signal = (ClientMessage.Signal) codec.decode(
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"candidate\":{\"sdpMid\":\"0\"}}}");
        assertEquals("0", signal.data().path("candidate").path("sdpMid").asText());
        assertInstanceOf(ClientMessage.Chat.class, codec.decode("{\"type\":\"chat\",\"text\":\"hi\"}"));
        assertEquals(new MediaState(true, false, true), ((ClientMessage.State) codec.decode(
                "{\"type\":\"state\",\"audio\":true,\"video\":false,\"screen\":true}")).toMediaState());
        assertEquals(7L, ((ClientMessage.Resume) codec.decode("{\"type\":\"resume\",\"peerId\":\"" + PEER
                + "\",\"resumeToken\":\"t\",\"lastSeq\":7}")).lastSeq());
        assertInstanceOf(ClientMessage.Leave.class, codec.decode("{\"type\":\"leave\"}"));
        assertInstanceOf(ClientMessage.Ping.class, codec.decode("{\"type\":\"ping\"}"));
        assertInstanceOf(ClientMessage.RefreshToken.class, codec.decode("{\"type\":\"refresh-token\"}"));
    }

    @Test
    void classifiesMalformedFrames() {
        assertEquals(ErrorCode.BAD_JSON, rejection("{\"type\":"));
        assertEquals(ErrorCode.BAD_JSON, rejection("{\"type\":\"ping\"} trailing"));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection("\"just a string\""));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection("{\"type\":42}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, rejection("{\"type\":\"offer\"}"));
        assertEquals(ErrorCode.TOO_LARGE, rejection("{\"type\":\"chat\",\"text\":\"" + "y".repeat(5000) + "\"}"));
        // Multi-byte text counts in bytes, not characters.
        assertEquals(ErrorCode.TOO_LARGE, rejection("{\"type\":\"chat\",\"text\":\"" + "会".repeat(1400) + "\"}"));
    }

    @Test
    void eachTypeValidatesItsOwnFields() {
        List<String> invalid = List.of(
                "{\"type\":\"join\"}",
                "{\"type\":\"join\",\"name\":\"   \"}",
                "{\"type\":\"join\",\"name\":\"" + "n".repeat(65) + "\"}",
                "{\"type\":\"join\",\"name\":\"bell\\u0007\"}",
                "{\"type\":\"join\",\"name\":\"Ann\",\"peerId\":\"" + PEER + "\"}",
                "{\"type\":\"signal\",\"to\":\"short\",\"data\":{}}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":[1]}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\"}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"sdp\":\"" + "s".repeat(1100) + "\"}}",
                "{\"type\":\"chat\",\"text\":\"\"}",
                "{\"type\":\"chat\",\"text\":12}",
                "{\"type\":\"state\",\"audio\":true,\"video\":false}",
                "{\"type\":\"state\",\"audio\":\"true\",\"video\":false,\"screen\":false}",
                "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":\"t\"}",
                "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":\"t\",\"lastSeq\":-1}");
        for (String frame : invalid) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(frame), frame);
            assertEquals(ErrorCode.BAD_MESSAGE, e.code(), frame);
        }
    }

    @Test
    void encodesServerMessagesWithTypeAndWireCodes() {
        String error = codec.encode(new ServerMessage.Error(ErrorCode.ROOM_FULL, "full", "join"));
        assertEquals("{\"type\":\"error\",\"code\":\"room-full\",\"message\":\"full\",\"ref\":\"join\"}", error);
        String left = codec.encode(new ServerMessage.PeerLeft(PEER, LeaveReason.TIMEOUT));
        assertEquals("{\"type\":\"peer-left\",\"peerId\":\"" + PEER + "\",\"reason\":\"timeout\"}", left);
        String signal = codec.encode(new ServerMessage.SignalFrom(PEER, JsonNodeFactory.instance.objectNode(), 3L));
        assertTrue(signal.startsWith("{\"type\":\"signal\",\"from\":\"" + PEER + "\""), signal);
    }
}
