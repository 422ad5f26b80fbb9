package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Binds a frame that is not a signal to its message record, field by field from the record's components, on
 * jackson-core's streaming parser. Strict, as a client bug should be: an unknown field, or a value of the wrong JSON
 * type (no "true" for true, no 12 for "12"), is refused. A missing field is null; each record's
 * {@code validate} decides whether it may be. This replaced Jackson's data binding, which loaded ≈ 500 classes
 * while the service started and took ≈ 0.2 s of its start on one CPU (docs/benchmarks.md).
 */
final class ClientMessageReader {
    /** How to build one record type: its canonical constructor, and each component's position and type. */
    private record Binding(Constructor<?> constructor, Map<String, Integer> positions, Class<?>[] types) {
        static Binding of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < components.length; i++) {
                positions.put(components[i].getName(), i);
            }
            try {
                return new Binding(type.getDeclaredConstructor(types), positions, types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record has its canonical constructor: " + type, e);
            }
        }
    }

    private final Map<String, Binding> bindings = new HashMap<>();

    ClientMessageReader() {
        // Signals are complete after the frame scan (MessageCodec), so they never come here.
        MessageTypes.CLIENT.forEach((name, type) -> {
            if (type != ClientMessage.Signal.class) {
                bindings.put(name, Binding.of(type));
            }
        });
    }

    /** The message in {@code frame}, whose outline (well-formed JSON, one object, a string type) was checked. */
    ClientMessage read(byte[] frame, String type) {
        Binding binding = bindings.get(type);
        if (binding == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + MessageCodec.abbreviate(type) + "'");
        }
        Object[] values = new Object[binding.types().length];
        boolean typeSeen = false;
        try (JsonParser parser = ProtocolJson.FACTORY.createParser(frame)) {
            parser.nextToken(); // the object the outline found
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (field.equals("type")) {
                    if (typeSeen) {
                        throw new ProtocolException(ErrorCode.BAD_MESSAGE, "duplicate field 'type'");
                    }
                    typeSeen = true; // the first is the string the outline read
                    continue;
                }
                Integer position = binding.positions().get(field);
                if (position == null) {
                    throw new ProtocolException(ErrorCode.BAD_MESSAGE, "unknown field '" + MessageCodec.abbreviate(field) + "'");
                }
                values[position] = value(parser, token, field, binding.types()[position]);
            }
        } catch (JsonProcessingException e) { // well-formed, but past one of the parser's limits (a 50 000-char name)
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "wrong shape: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading a frame held in memory", e); // no I/O: cannot happen
        }
        return construct(binding, values);
    }

    private static Object value(JsonParser parser, JsonToken token, String field, Class<?> type) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (type == String.class && token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (type == Boolean.class && token.isBoolean()) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (type == Long.class && token == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        if (type == RawJson.class && token == JsonToken.START_OBJECT) {
            return new RawJson(copyOf(parser));
        }
        throw new ProtocolException(ErrorCode.BAD_MESSAGE, "wrong shape: '" + field + "' must be " + kind(type));
    }

    /** The object at the parser, written out again compactly: a join's offer, relayed as the same JSON. */
    private static String copyOf(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator copy = ProtocolJson.FACTORY.createGenerator(text)) {
            copy.copyCurrentStructure(parser);
        }
        return text.toString();
    }

    private static String kind(Class<?> type) {
        if (type == Boolean.class) {
            return "a boolean";
        }
        if (type == Long.class) {
            return "an integer";
        }
        return type == RawJson.class ? "a JSON object" : "a string";
    }

    private static ClientMessage construct(Binding binding, Object[] values) {
        try {
            return (ClientMessage) binding.constructor().newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("a message record's constructor failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("message records are public", e);
        }
    }
}
