package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;

/**
 * The frame scan as Jackson did it before {@link FrameScanner}: the reference that scanner is checked against
 * ({@code FrameScannerTest}), run on the codec's own Jackson factory and read constraints.
 */
final class JacksonOutline {

    static FrameOutline scan(JsonFactory factory, String frame) {
        try (JsonParser parser = factory.createParser(frame)) {
            return scan(parser, frame);
        } catch (StreamReadException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getMessage());
        }
    }

    private static FrameOutline scan(JsonParser parser, String frame) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: empty frame");
        }
        if (first != JsonToken.START_OBJECT) {
            skipValue(parser);
            requireEnd(parser);
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
        }
        String type = null;
        boolean typeSeen = false;
        RawJson data = null;
        boolean duplicateData = false;
        String to = null;
        long ack = FrameOutline.NO_ACK;
        String otherField = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("data".equals(field)) {
                duplicateData |= data != null;
                int start = (int) parser.currentTokenLocation().getCharOffset();
                skipValue(parser);
                int end = (int) parser.currentLocation().getCharOffset();
                data = new RawJson(frame.substring(start, end));
            } else if ("type".equals(field) && !typeSeen) {
                typeSeen = true;
                if (parser.currentToken() == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else {
                    skipValue(parser); // an object or array here is a wrong type, not broken JSON
                }
            } else if ("to".equals(field) && parser.currentToken() == JsonToken.VALUE_STRING) {
                to = parser.getText();
            } else if ("ack".equals(field)) {
                boolean integer = parser.currentToken() == JsonToken.VALUE_NUMBER_INT;
                String text = integer ? parser.getText() : null;
                skipValue(parser);
                ack = ack == FrameOutline.NO_ACK && integer && !text.startsWith("-") && text.length() <= 18
                        ? Long.parseLong(text) : FrameOutline.BAD_ACK;
            } else {
                otherField = otherField == null ? field : otherField; // includes a "to" that is not a string
                skipValue(parser);
            }
        }
        requireEnd(parser);
        return FrameOutline.of(type, data, duplicateData, to, ack, otherField);
    }

    /**
     * Moves past the current value. Strings inside it are not copied out: the parser skips an unread string on its
     * next token and still refuses a bad escape or a raw control character there, so the whole frame stays checked.
     * A value that is itself a string is read, so that the parser's location lies past it.
     */
    private static void skipValue(JsonParser parser) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            }
            if (depth == 0) {
                if (token == JsonToken.VALUE_STRING) {
                    parser.getTextLength();
                }
                return;
            }
            token = parser.nextToken();
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: trailing content after the message");
        }
    }
}
