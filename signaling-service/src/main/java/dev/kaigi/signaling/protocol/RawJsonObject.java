package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/**
 * Binds a field that must be a JSON object and stays opaque to the server, such as a join's {@code offer}. Unlike a
 * signal's {@code data} (a range of the frame as the client wrote it, on the relay's hot path), this one is read as
 * a tree and written out again: a join is rare, and the text relayed is the same JSON.
 */
final class RawJsonObject extends JsonDeserializer<RawJson> {
    @Override
    public RawJson deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return context.reportInputMismatch(RawJson.class, "'%s' must be a JSON object", parser.currentName());
        }
        return new RawJson(parser.readValueAsTree().toString());
    }
}
