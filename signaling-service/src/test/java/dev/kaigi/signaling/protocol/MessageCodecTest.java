package dev.kaigi.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static final String PEER = "AAAAAAAAAAAAAAAAAAAAAA";
    private final MessageCodec codec = new MessageCodec(new Limits(64, 2000, 1024), 4096);

    private ClientMessage decode(String frame) {
        return codec.decode(frame.getBytes(StandardCharsets.UTF_8));
    }

    private ErrorCode rejection(String frame) {
        return assertThrows(ProtocolException.class, () -> decode(frame)).code();
    }

    @Test
    void decodesEveryMessageType() {
        assertEquals("Ann", ((ClientMessage.Join) decode("{\"type\":\"join\",\"name\":\"  Ann \"}"))
                .displayName());
        ClientMessage.Signal signal = (ClientMessage.Signal) decode(
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"candidate\":{\"sdpMid\":\"0\"}}}");
        assertEquals("{\"candidate\":{\"sdpMid\":\"0\"}}", signal.data().text());
        assertInstanceOf(ClientMessage.Chat.class, decode("{\"type\":\"chat\",\"text\":\"hi\"}"));
        assertEquals(new MediaState(true, false, true, false), ((ClientMessage.State) decode(
                "{\"type\":\"state\",\"audio\":true,\"video\":false,\"screen\":true}")).toMediaState());
        assertEquals(new MediaState(false, false, false, true), ((ClientMessage.State) decode(
                "{\"type\":\"state\",\"audio\":false,\"video\":false,\"screen\":false,\"hand\":true}"))
                .toMediaState());
        assertEquals(7L, ((ClientMessage.Resume) decode("{\"type\":\"resume\",\"peerId\":\"" + PEER
                + "\",\"resumeToken\":\"t\",\"lastSeq\":7}")).lastSeq());
        assertInstanceOf(ClientMessage.Leave.class, decode("{\"type\":\"leave\"}"));
        assertInstanceOf(ClientMessage.Ping.class, decode("{\"type\":\"ping\"}"));
        assertInstanceOf(ClientMessage.RefreshToken.class, decode("{\"type\":\"refresh-token\"}"));
    }

    @Test
    void aSignalMayCarryAnAcknowledgementOfWhatItsSenderReceived() {
        String signal = "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"n\":1}";
        assertEquals(-1, ((ClientMessage.Signal) decode(signal + "}")).ack(), "none");
        assertEquals(0, ((ClientMessage.Signal) decode(signal + ",\"ack\":0}")).ack());
        assertEquals(123456789012345678L, ((ClientMessage.Signal) decode(signal + ",\"ack\":123456789012345678}")).ack());
        ClientMessage.Signal first = (ClientMessage.Signal) decode(
                "{\"ack\":42,\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"ack\":\"not this one\"}}");
        assertEquals(42, first.ack());
        assertEquals("{\"ack\":\"not this one\"}", first.data().text(), "data stays the sender's own");
    }

    @Test
    void classifiesMalformedFrames() {
        assertEquals(ErrorCode.BAD_JSON, rejection("{\"type\":"));
        assertEquals(ErrorCode.BAD_JSON, rejection("{\"type\":\"ping\"} trailing"));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection("\"just a string\""));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection("{\"type\":42}"));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection("{\"type\":{\"name\":\"signal\"}}"));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection("{\"type\":[\"signal\"],\"to\":\"x\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, rejection("{\"type\":\"offer\"}"));
        assertEquals(ErrorCode.TOO_LARGE, rejection("{\"type\":\"chat\",\"text\":\"" + "y".repeat(5000) + "\"}"));
        // Multi-byte text counts in bytes, not characters.
        assertEquals(ErrorCode.TOO_LARGE, rejection("{\"type\":\"chat\",\"text\":\"" + "会".repeat(1400) + "\"}"));
    }

    @Test
    void theFrameLimitIsInUtf8BytesToTheByte() {
        // 25 bytes of frame around the text, 3 bytes per char of it: 1357 chars make 4096 bytes, 1358 make 4099.
        String text = "会".repeat(1357);
        assertEquals(text, ((ClientMessage.Chat) decode("{\"type\":\"chat\",\"text\":\"" + text + "\"}")).text());
        assertEquals(ErrorCode.TOO_LARGE, rejection("{\"type\":\"chat\",\"text\":\"" + "会".repeat(1358) + "\"}"));
    }

    @Test
    void relaysSignalDataAsTheSendersOwnText() {
        String data = "{ \"sdp\" : \"v=0\\r\\no=- 1\", \"n\": 1.50e3, \"u\":\"\\u00e9\u4f1a\", \"a\":[true,null,{}] }";
        // Field order does not matter: data may come before type.
        for (String frame : List.of("{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":" + data + "}",
                "{\"data\":" + data + ",\"to\":\"" + PEER + "\",\"type\":\"signal\"}")) {
            ClientMessage.Signal signal = (ClientMessage.Signal) decode(frame);
            assertEquals(data, signal.data().text(), frame);
            String relayed = codec.encode(new ServerMessage.SignalFrom(PEER, signal.data(), 9L));
            assertEquals("{\"type\":\"signal\",\"from\":\"" + PEER + "\",\"data\":" + data + ",\"seq\":9}", relayed);
        }
    }

    @Test
    void relaysSignalDataEndingInAnyKindOfValueExactlyAsSent() {
        for (String data : List.of("{\"s\":\"a \\\"quoted\\\" \\u00e9 string\"}", "{\"n\":-1.5e3}",
                "{\"a\":[ \"x\" , \"y\\n\" ]}", "{\"t\":true,\"z\":null}", "{}")) {
            for (String frame : List.of("{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":" + data + "}",
                    "{\"data\":" + data + ",\"to\":\"" + PEER + "\",\"type\":\"signal\"}")) {
                assertEquals(data, ((ClientMessage.Signal) decode(frame)).data().text(), frame);
            }
        }
    }

    @Test
    void refusesSignalDataThatIsNotValidJsonAnywhereInside() {
        String head = "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":";
        // Never relayed to a peer whose JSON.parse would then fail on the whole frame.
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "{\"sdp\":\"bad \\x escape\"}}"));
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "{\"sdp\":\"raw \u0001 control\"}}"));
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "\"bad \\x escape\"}"));
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "[\"ok\",\"bad \\x escape\"]}"));
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "{\"sdp\":\"bad \\u00zz escape\"}}"));
        assertEquals(ErrorCode.BAD_JSON, rejection("{\"type\":\"signal\",\"x\":\"bad \\x\",\"to\":\"" + PEER
                + "\",\"data\":{}}"));
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "{\"n\":01}}"));
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "{\"a\":[1,]}}"));
        assertEquals(ErrorCode.BAD_JSON, rejection(head + "{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}}"));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection(head + "{},\"data\":{}}"));
        assertEquals(ErrorCode.BAD_MESSAGE, rejection("{\"type\":\"chat\",\"text\":\"hi\",\"data\":{}}"));
    }

    @Test
    void aJoinMayCarryAnOfferThatStaysOpaque() {
        ClientMessage.Join join = (ClientMessage.Join) decode("{\"type\":\"join\",\"name\":\"Ann\","
                + "\"offer\":{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"generation\":0}}");
        assertEquals("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"generation\":0}",
                join.offer().text());
        assertEquals(null, ((ClientMessage.Join) decode("{\"type\":\"join\",\"name\":\"Ann\"}")).offer());
    }

    @Test
    void eachTypeValidatesItsOwnFields() {
        List<String> invalid = List.of(
                "{\"type\":\"join\"}",
                "{\"type\":\"join\",\"name\":\"   \"}",
                "{\"type\":\"join\",\"name\":\"" + "n".repeat(65) + "\"}",
                "{\"type\":\"join\",\"name\":\"bell\\u0007\"}",
                "{\"type\":\"join\",\"name\":\"Ann\",\"peerId\":\"" + PEER + "\"}",
                "{\"type\":\"join\",\"name\":\"Ann\",\"offer\":\"v=0\"}",
                "{\"type\":\"join\",\"name\":\"Ann\",\"offer\":[{}]}",
                "{\"type\":\"join\",\"name\":\"Ann\",\"offer\":{\"sdp\":\"" + "s".repeat(1100) + "\"}}",
                "{\"type\":\"signal\",\"to\":\"short\",\"data\":{}}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":[1]}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\"}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{\"sdp\":\"" + "s".repeat(1100) + "\"}}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{},\"ack\":-1}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{},\"ack\":1.0}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{},\"ack\":1e3}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{},\"ack\":\"3\"}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{},\"ack\":null}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{},\"ack\":1234567890123456789}",
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":{},\"ack\":1,\"ack\":2}",
                "{\"type\":\"chat\",\"text\":\"hi\",\"ack\":3}",
                "{\"type\":\"chat\",\"text\":\"\"}",
                "{\"type\":\"chat\",\"text\":12}",
                "{\"type\":\"state\",\"audio\":true,\"video\":false}",
                "{\"type\":\"state\",\"audio\":\"true\",\"video\":false,\"screen\":false}",
                "{\"type\":\"state\",\"audio\":true,\"video\":false,\"screen\":false,\"hand\":\"up\"}",
                "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":\"t\"}",
                "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":\"t\",\"lastSeq\":-1}",
                "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":\"t\",\"lastSeq\":1.5}",
                "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":\"t\",\"lastSeq\":99999999999999999999}",
                "{\"type\":\"resume\",\"peerId\":\"" + PEER + "\",\"resumeToken\":{},\"lastSeq\":1}",
                "{\"type\":\"ack\",\"seq\":\"3\"}",
                "{\"type\":\"ack\",\"seq\":null}",
                "{\"type\":\"lock\",\"locked\":1}",
                "{\"type\":\"admit\",\"knockId\":[\"" + PEER + "\"]}",
                "{\"type\":\"decline\",\"knockId\":true}",
                "{\"type\":\"ping\",\"ts\":1}",
                "{\"type\":\"chat\",\"text\":null}",
                "{\"type\":\"chat\",\"type\":{\"text\":\"hi\"}}",
                "{\"type\":\"chat\",\"text\":\"hi\",\"type\":\"chat\"}");
        for (String frame : invalid) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> decode(frame), frame);
            assertEquals(ErrorCode.BAD_MESSAGE, e.code(), frame);
        }
    }

    @Test
    void encodesServerMessagesWithTypeAndWireCodes() {
        String error = codec.encode(new ServerMessage.Error(ErrorCode.ROOM_FULL, "full", "join"));
        assertEquals("{\"type\":\"error\",\"code\":\"room-full\",\"message\":\"full\",\"ref\":\"join\"}", error);
        String left = codec.encode(new ServerMessage.PeerLeft(PEER, LeaveReason.TIMEOUT));
        assertEquals("{\"type\":\"peer-left\",\"peerId\":\"" + PEER + "\",\"reason\":\"timeout\"}", left);
        String signal = codec.encode(new ServerMessage.SignalFrom(PEER, new RawJson("{}"), 3L));
        assertTrue(signal.startsWith("{\"type\":\"signal\",\"from\":\"" + PEER + "\""), signal);
    }

    @Test
    void aFieldNameLongerThanTheParserTakesIsABadMessage() {
        MessageCodec wide = new MessageCodec(new Limits(64, 2000, 1024), 65536);
        byte[] frame = ("{\"type\":\"chat\",\"" + "n".repeat(60_000) + "\":1}").getBytes(StandardCharsets.UTF_8);
        assertEquals(ErrorCode.BAD_MESSAGE, assertThrows(ProtocolException.class, () -> wide.decode(frame)).code());
    }

    @Test
    void everyMessageTypeHasAWireName() {
        for (Class<?> type : ClientMessage.class.getPermittedSubclasses()) {
            assertTrue(MessageTypes.CLIENT.containsValue(type), type + " has no wire name");
        }
        for (Class<?> type : ServerMessage.class.getPermittedSubclasses()) {
            assertTrue(MessageTypes.SERVER.containsKey(type), type + " has no wire name");
        }
        assertEquals(ClientMessage.class.getPermittedSubclasses().length, MessageTypes.CLIENT.size());
        assertEquals(ServerMessage.class.getPermittedSubclasses().length, MessageTypes.SERVER.size());
    }

    @Test
    void writesEveryFieldOfAServerMessageInOrderAndLeavesNullsOut() {
        ServerMessage.Welcome welcome = new ServerMessage.Welcome(1, "room-1", PEER,
                List.of(new ServerMessage.PeerInfo(PEER, "Ann \"A\" \u4f1a", new MediaState(true, false, false, true))),
                "resume-token", new ServerMessage.TurnToken("turn-token", 1700000000L), false, 2, true,
                List.of(new ServerMessage.Knocker(PEER, "Bob\n")), null);
        assertEquals("{\"type\":\"welcome\",\"protocol\":1,\"room\":\"room-1\",\"peerId\":\"" + PEER + "\","
                + "\"peers\":[{\"peerId\":\"" + PEER + "\",\"name\":\"Ann \\\"A\\\" \u4f1a\","
                + "\"state\":{\"audio\":true,\"video\":false,\"screen\":false,\"hand\":true}}],"
                + "\"resumeToken\":\"resume-token\",\"turn\":{\"token\":\"turn-token\",\"expiresAt\":1700000000},"
                + "\"resumed\":false,\"dropped\":2,\"locked\":true,\"lobby\":[{\"knockId\":\"" + PEER + "\","
                + "\"name\":\"Bob\\n\"}]}", codec.encode(welcome));
        assertEquals("{\"type\":\"chat\",\"from\":\"" + PEER + "\",\"text\":\"</script> \\u0007\",\"ts\":5}",
                codec.encode(new ServerMessage.ChatFrom(PEER, "</script> \u0007", 5, null)));
        assertEquals("{\"type\":\"knock-ended\",\"knockId\":\"" + PEER + "\",\"outcome\":\"withdrawn\"}",
                codec.encode(new ServerMessage.KnockEnded(PEER, "withdrawn", null)));
        assertEquals("{\"type\":\"token\",\"resumeToken\":\"r\"}", codec.encode(new ServerMessage.Tokens(null, "r")));
        assertEquals("{\"type\":\"pong\",\"ts\":7}", codec.encode(new ServerMessage.Pong(7)));
    }

    @Test
    void aServerMessageWrittenAsBytesIsItsTextInUtf8WhateverCameBefore() {
        String many = "Ann \"A\" \u4f1a \ud83d\ude00 \u0007 ".repeat(60); // past the first size of the reused buffer
        List<ServerMessage> messages = List.of(
                new ServerMessage.Welcome(1, "room-1", PEER, List.of(new ServerMessage.PeerInfo(PEER, many,
                        new MediaState(true, false, false, true))), "resume", new ServerMessage.TurnToken("turn", 9L),
                        true, 0, false, List.of(), PEER),
                new ServerMessage.ChatFrom(PEER, "hi \u4f1a", 5, 7L),
                new ServerMessage.PeerJoined(new ServerMessage.PeerInfo(PEER, "Bob", new MediaState(false, true, false,
                        false)), false),
                new ServerMessage.Error(ErrorCode.ROOM_FULL, many, "join"),
                new ServerMessage.Pong(7));
        for (ServerMessage message : messages) {
            assertEquals(codec.encode(message), new String(codec.encodeUtf8(message), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRelayedSignalIsWrittenAsUtf8WithTheSendersDataAsItCameIn() throws Exception {
        String data = "{\"sdp\":\"v=0 caf\u00e9 \u4f1a\u8b70 \ud83d\ude00\",\"n\":[1, 2.5e3, true, null]}";
        ClientMessage.Signal in = (ClientMessage.Signal) decode(
                "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":" + data + "}");

        byte[] frame = codec.encodeUtf8(new ServerMessage.SignalFrom(PEER, in.data(), 12345L));

        String text = new String(frame, StandardCharsets.UTF_8);
        assertEquals("{\"type\":\"signal\",\"from\":\"" + PEER + "\",\"data\":" + data + ",\"seq\":12345}", text);
        assertEquals(text, codec.encode(new ServerMessage.SignalFrom(PEER, in.data(), 12345L)));
        JsonNode read = new ObjectMapper().readTree(frame);
        assertEquals("v=0 caf\u00e9 \u4f1a\u8b70 \ud83d\ude00", read.get("data").get("sdp").asText());
        assertEquals(12345, read.get("seq").asLong());
    }
}
