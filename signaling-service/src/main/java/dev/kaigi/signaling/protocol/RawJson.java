package dev.kaigi.signaling.protocol;

/**
 * A JSON value kept as the exact text the client sent: a signal's {@code data} is opaque to the server, so it
 * is checked once while the frame is scanned ({@link FrameOutline}) and written out again character for
 * character, never built into a tree and serialized back: {@link MessageCodec} writes the frames that carry it.
 */
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
}
