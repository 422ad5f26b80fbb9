package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;

/**
 * A JSON value kept as the exact text the client sent: a signal's {@code data} is opaque to the server, so it
 * is checked once while the frame is scanned ({@link FrameOutline}) and written out again byte for byte, never
 * built into a tree and serialized back.
 */
@JsonSerialize(using = RawJson.Writer.class)
@JsonDeserialize(using = RawJson.Reader.class)
public record RawJson(String text) {
    /** Attribute of the deserialization that carries the frame's outline, where the text was already found. */
    static final String OUTLINE = "kaigi.outline";

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

    static final class Reader extends JsonDeserializer<RawJson> {
        @Override
        public RawJson deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            // The scan already validated and located the value; only the parser's position must move past it.
            parser.skipChildren();
            FrameOutline outline = (FrameOutline) context.getAttribute(OUTLINE);
            if (outline == null || outline.data() == null) {
                throw new IllegalStateException("RawJson is only read through MessageCodec");
            }
            return outline.data();
        }
    }

    static final class Writer extends JsonSerializer<RawJson> {
        @Override
        public void serialize(RawJson value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeRawValue(value.text());
        }
    }
}
