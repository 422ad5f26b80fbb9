package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns text frames into validated {@link ClientMessage}s and {@link ServerMessage}s into text frames. A frame is
 * scanned once as a token stream ({@link FrameOutline}) and then bound to its record; no JSON tree is built, and
 * a signal's {@code data} travels on as the sender's own text.
 */
public class MessageCodec {
    private static final Map<Class<?>, String> TYPE_NAMES = Arrays
            .stream(ClientMessage.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private final ObjectMapper mapper;
    private final Limits limits;
    private final int maxFrameBytes;
    private final ObjectReader messageReader;

    public MessageCodec(Limits limits, int maxFrameBytes) {
        this.limits = limits;
        this.maxFrameBytes = maxFrameBytes;
        this.mapper = JsonMapper.builder()
                // Strict shape: unknown fields, missing type ids and "true"-as-string are client bugs.
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
        // Jackson would otherwise read "true" as a boolean and 12 as the text "12".
        for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(shape, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
        }
        this.messageReader = mapper.readerFor(ClientMessage.class);
    }

    public ClientMessage decode(String frame) {
        if (utf8Length(frame) > maxFrameBytes) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "frame is larger than " + maxFrameBytes + " bytes");
        }
        ClientMessage message = parse(frame);
        message.validate(limits);
        return message;
    }

    public String encode(ServerMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("server message not serializable: " + message, e);
        }
    }

    private ClientMessage parse(String frame) {
        FrameOutline outline = FrameOutline.scan(mapper.getFactory(), frame);
        try {
            return messageReader.withAttribute(RawJson.OUTLINE, outline).readValue(frame);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + abbreviate(outline.type()) + "'");
        } catch (UnrecognizedPropertyException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "wrong shape: " + e.getOriginalMessage());
        }
    }

    /** The wire name of a message's type, e.g. {@code "signal"}. */
    public static String typeOf(ClientMessage message) {
        return TYPE_NAMES.get(message.getClass());
    }

    private static long utf8Length(String text) {
        // Every char is at least one UTF-8 byte, so a long string needs no encoding to be refused.
        return text.length() > 4 * 1024 * 1024 ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
