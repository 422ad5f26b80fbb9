package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as the exact UTF-8 bytes the client sent: a signal's {@code data} is opaque to the server, so it
 * is checked once while the frame is scanned ({@link FrameScanner}) and written out again byte for byte, never built
 * into a tree and serialized back: {@link MessageCodec} writes the frames that carry it. It is a range of the frame it
 * came in, not a copy: the relay copies it from there into the outgoing frame once, with no String in between.
 */
public final class RawJson {
    private final byte[] source;
    private final int start;
    private final int end;

    public RawJson(String text) {
        this(text.getBytes(StandardCharsets.UTF_8));
    }

    private RawJson(byte[] value) {
        this(value, 0, value.length);
    }

    private RawJson(byte[] source, int start, int end) {
        this.source = source;
        this.start = start;
        this.end = end;
    }

    /** The value that lies in {@code frame} from {@code start} to {@code end}, without copying it. */
    static RawJson within(byte[] frame, int start, int end) {
        return new RawJson(frame, start, end);
    }

    public boolean isObject() {
        return end > start && source[start] == '{';
    }

    /** In bytes, as UTF-8. */
    public int length() {
        return end - start;
    }

    /** The value's text. */
    public String text() {
        return new String(source, start, length(), StandardCharsets.UTF_8);
    }

    /** Copies the value's bytes into {@code target} at {@code at}. */
    void copyTo(byte[] target, int at) {
        System.arraycopy(source, start, target, at, length());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson that
                && Arrays.equals(source, start, end, that.source, that.start, that.end);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + source[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return text();
    }
}
