package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A frame's UTF-8 bytes, written into one array of exactly their size: its parts are measured first, then written,
 * so a value taken from another frame is copied once, as the bytes it came in.
 */
final class Utf8Frame {
    private final byte[] bytes;
    private int at;

    Utf8Frame(int size) {
        bytes = new byte[size];
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The number of decimal digits of {@code value}, which is not negative. */
    static int digits(long value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    Utf8Frame put(byte[] ascii) {
        System.arraycopy(ascii, 0, bytes, at, ascii.length);
        at += ascii.length;
        return this;
    }

    /** Text known to be ASCII, such as a server-made id, copied as it is stored: one byte per char, its UTF-8. */
    @SuppressWarnings("deprecation") // this getBytes keeps each char's low byte, which for ASCII is its encoding
    Utf8Frame putAscii(String text) {
        text.getBytes(0, text.length(), bytes, at);
        at += text.length();
        return this;
    }

    Utf8Frame put(RawJson value) {
        value.copyTo(bytes, at);
        at += value.length();
        return this;
    }

    Utf8Frame put(long value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        at += digits;
        return this;
    }

    byte[] bytes() {
        if (at != bytes.length) {
            throw new IllegalStateException("frame measured at " + bytes.length + " bytes, written " + at);
        }
        return bytes;
    }
}
