package dev.kaigi.signaling.protocol;

/**
 * A JSON value kept as the exact text the client sent: a signal's {@code data} is opaque to the server, so it
 * is checked once while the frame is scanned ({@link FrameScanner}) and written out again character for
 * character, never built into a tree and serialized back: {@link MessageCodec} writes the frames that carry it.
 * It is a range of the frame it came in, not a copy: the relay writes it from there into the outgoing frame's
 * bytes, so the value is copied once per relay, not three times (cut out, concatenated, encoded).
 */
public final class RawJson {
    private final String source;
    private final int start;
    private final int end;
    private final boolean ascii;

    public RawJson(String text) {
        this(text, 0, text.length(), false);
    }

    private RawJson(String source, int start, int end, boolean ascii) {
        this.source = source;
        this.start = start;
        this.end = end;
        this.ascii = ascii;
    }

    /**
     * The value that lies in {@code frame} from {@code start} to {@code end}, without copying it; {@code ascii} when
     * the scan saw only ASCII there, so it can be copied as its bytes (false is always correct, only slower).
     */
    static RawJson within(String frame, int start, int end, boolean ascii) {
        return new RawJson(frame, start, end, ascii);
    }

    public boolean isObject() {
        return end > start && source.charAt(start) == '{';
    }

    /** In characters. */
    public int length() {
        return end - start;
    }

    /** The value's text: a copy, unless the value is all of its source. */
    public String text() {
        return start == 0 && end == source.length() ? source : source.substring(start, end);
    }

    String source() {
        return source;
    }

    /** Known to be ASCII: its UTF-8 bytes are its chars. */
    boolean isAscii() {
        return ascii;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson that && length() == that.length()
                && source.regionMatches(start, that.source, that.start, length());
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + source.charAt(i);
        }
        return hash;
    }

    @Override
    public String toString() {
        return text();
    }
}
