package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
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
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    String write(ServerMessage message) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator json = ProtocolJson.FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("type", MessageTypes.SERVER.get(message.getClass()));
            writeComponents(json, (Record) message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter", e);
        }
        return text.toString();
    }

    private static void writeComponents(JsonGenerator json, Record record) throws IOException {
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
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
