package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Turns text frames (their UTF-8 bytes) into validated {@link ClientMessage}s and {@link ServerMessage}s into text
 * frames. A frame is scanned once ({@link FrameScanner}); a signal is complete after that, any other message is then
 * bound to its record ({@link ClientMessageReader}). No JSON tree is built, and a signal's {@code data} travels on as
 * the sender's own bytes.
 */
public class MessageCodec {
    private static final byte[] SIGNAL_FROM = Utf8Frame.ascii("{\"type\":\"signal\",\"from\":\"");
    private static final byte[] SIGNAL_DATA = Utf8Frame.ascii("\",\"data\":");
    private static final byte[] SIGNAL_SEQ = Utf8Frame.ascii(",\"seq\":");
    private static final byte[] OBJECT_END = Utf8Frame.ascii("}");

    private final Limits limits;
    private final int maxFrameBytes;
    private final ClientMessageReader reader = new ClientMessageReader();
    private final ServerMessageWriter writer = new ServerMessageWriter();

    public MessageCodec(Limits limits, int maxFrameBytes) {
        this.limits = limits;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** A text frame's message, from its UTF-8 bytes as they came off the socket. */
    public ClientMessage decode(byte[] frame) {
        if (frame.length > maxFrameBytes) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "frame is larger than " + maxFrameBytes + " bytes");
        }
        ClientMessage message = parse(frame);
        message.validate(limits);
        return message;
    }

    public String encode(ServerMessage message) {
        if (message instanceof ServerMessage.SignalFrom signal) {
            return new String(signalFrameUtf8(signal), StandardCharsets.UTF_8);
        }
        return writer.write(message);
    }

    /**
     * A message as the bytes of a text frame. A relayed signal, most of what a server writes, is written straight
     * into them: its {@code data} goes from the sender's frame to the bytes the recipient gets with no String in
     * between, where building one and then encoding it would copy it three times.
     */
    public byte[] encodeUtf8(ServerMessage message) {
        if (message instanceof ServerMessage.SignalFrom signal) {
            return signalFrameUtf8(signal);
        }
        return writer.writeUtf8(message);
    }

    /**
     * What {@link ServerMessageWriter} would write for a relayed signal, written directly: {@code from} is a
     * server-made id (nothing to escape) and {@code data} was checked when it came in.
     */
    private static byte[] signalFrameUtf8(ServerMessage.SignalFrom signal) {
        RawJson data = signal.data();
        long seq = signal.seq() == null ? -1 : signal.seq();
        int seqDigits = seq < 0 ? 0 : Utf8Frame.digits(seq);
        Utf8Frame frame = new Utf8Frame(SIGNAL_FROM.length + signal.from().length() + SIGNAL_DATA.length + data.length()
                + (seq < 0 ? 0 : SIGNAL_SEQ.length + seqDigits) + OBJECT_END.length);
        frame.put(SIGNAL_FROM).putAscii(signal.from()).put(SIGNAL_DATA).put(data);
        if (seq >= 0) {
            frame.put(SIGNAL_SEQ).put(seq, seqDigits);
        }
        return frame.put(OBJECT_END).bytes();
    }

    private ClientMessage parse(byte[] frame) {
        FrameOutline outline = FrameScanner.outline(frame);
        if ("signal".equals(outline.type())) {
            return signal(outline);
        }
        return reader.read(frame, outline.type());
    }

    /** The relay's hot path: the scan found everything a signal has, so no second pass binds it. */
    private static ClientMessage.Signal signal(FrameOutline outline) {
        if (outline.otherField() != null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "to".equals(outline.otherField())
                    ? "to must be a string" : "unknown field '" + abbreviate(outline.otherField()) + "'");
        }
        if (outline.ack() == FrameOutline.BAD_ACK) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "ack must be one integer >= 0");
        }
        return new ClientMessage.Signal(outline.to(), outline.data(), outline.ack());
    }

    /** The wire name of a message's type, e.g. {@code "signal"}. */
    public static String typeOf(ClientMessage message) {
        return MessageTypes.CLIENT_NAMES.get(message.getClass());
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
