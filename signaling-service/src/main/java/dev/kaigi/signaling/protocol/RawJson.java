package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;

/**
 * A JSON value kept as the exact text the client sent: a signal's {@code data} is opaque to the server, so it
 * is checked once while the frame is scanned ({@link FrameOutline}) and written out again character for
 * character, never built into a tree and serialized back. Only the codec makes one from a client's frame.
 */
@JsonSerialize(using = RawJson.Writer.class)
public record RawJson(String text) {
    public boolean isObject() {
        return text.startsWith("{");
    }

    public int length() {
        return text.length();
    }

    @Override
    public String toString() {
        return text;
    }

    static final class Writer extends JsonSerializer<RawJson> {
        @Override
        public void serialize(RawJson value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeRawValue(value.text());
        }
    }
}
