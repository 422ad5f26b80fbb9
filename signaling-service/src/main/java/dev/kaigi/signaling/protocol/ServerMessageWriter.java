package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Writes a server message as JSON: its {@code type}, then its record's components in declaration order, each under
 * its own name; null components are left out. Nested records become objects, lists arrays, {@link WireName}s their
 * wire name, and {@link RawJson} its text as it is. Relayed signals do not come here ({@link MessageCodec} writes
 * them straight into bytes); this writes the rarer messages, on jackson-core's generator.
 */
final class ServerMessageWriter {
    /** Passed to each accessor: the varargs call would make an empty array per component written. */
    private static final Object[] NO_ARGUMENTS = {};
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    /** One buffer per event loop for {@link #writeUtf8}; it keeps the size of the largest message it wrote. */
    private final ThreadLocal<ByteArrayOutputStream> buffers =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(1024));

    String write(ServerMessage message) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator json = ProtocolJson.FACTORY.createGenerator(text)) {
            writeMessage(json, message);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter", e);
        }
        return text.toString();
    }

    /**
     * The message as the UTF-8 bytes of its frame. Written as bytes into a buffer that is used again, then copied
     * once: through a String, a join's welcome and peer-joined were allocated three times over (docs/benchmarks.md).
     */
    byte[] writeUtf8(ServerMessage message) {
        ByteArrayOutputStream bytes = buffers.get();
        bytes.reset();
        try (JsonGenerator json = ProtocolJson.FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            writeMessage(json, message);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeMessage(JsonGenerator json, ServerMessage message) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", MessageTypes.SERVER.get(message.getClass()));
        writeComponents(json, (Record) message);
        json.writeEndObject();
    }

    private static void writeComponents(JsonGenerator json, Record record) throws IOException {
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            Object value;
            try {
                value = component.getAccessor().invoke(record, NO_ARGUMENTS);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("message records are public", e);
            }
            if (value != null) {
                json.writeFieldName(component.getName());
                writeValue(json, value);
            }
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof WireName named) {
            json.writeString(named.wireName());
        } else if (value instanceof RawJson raw) {
            json.writeRawValue(raw.text());
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Record record) {
            json.writeStartObject();
            writeComponents(json, record);
            json.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }
}
