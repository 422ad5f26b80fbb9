package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A frame's UTF-8 bytes, written into one array of exactly their size: its parts are measured first, then written,
 * so text taken from another frame is encoded once and never copied into an intermediate String. Encodes as
 * {@link String#getBytes} with UTF-8 does, an unpaired surrogate included (as {@code ?}).
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

    /** The UTF-8 size of {@code text} from {@code start} to {@code end}. */
    static int length(String text, int start, int end) {
        int length = end - start;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    length++;
                } else if (pairAt(text, i, end)) {
                    length += 2; // two chars, four bytes
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    length += 2;
                }
            }
        }
        return length;
    }

    /** The UTF-8 size of a JSON value; of one the scan saw to be ASCII, without looking at it again. */
    static int length(RawJson value) {
        return value.isAscii() ? value.length() : length(value.source(), value.start(), value.end());
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

    /** Text known to be ASCII, such as a server-made id. */
    Utf8Frame putAscii(String text) {
        return putAscii(text, 0, text.length());
    }

    Utf8Frame put(RawJson value) {
        return value.isAscii() ? putAscii(value.source(), value.start(), value.end())
                : put(value.source(), value.start(), value.end());
    }

    /** ASCII text, copied as it is stored: a String of ASCII chars holds one byte per char, its UTF-8. */
    @SuppressWarnings("deprecation") // this getBytes keeps each char's low byte, which for ASCII is its encoding
    Utf8Frame putAscii(String text, int start, int end) {
        text.getBytes(start, end, bytes, at);
        at += end - start;
        return this;
    }

    Utf8Frame put(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes[at++] = (byte) c;
            } else if (c < 0x800) {
                bytes[at++] = (byte) (0xC0 | c >> 6);
                bytes[at++] = (byte) (0x80 | c & 0x3F);
            } else if (pairAt(text, i, end)) {
                int point = Character.toCodePoint(c, text.charAt(++i));
                bytes[at++] = (byte) (0xF0 | point >> 18);
                bytes[at++] = (byte) (0x80 | point >> 12 & 0x3F);
                bytes[at++] = (byte) (0x80 | point >> 6 & 0x3F);
                bytes[at++] = (byte) (0x80 | point & 0x3F);
            } else if (Character.isSurrogate(c)) {
                bytes[at++] = '?';
            } else {
                bytes[at++] = (byte) (0xE0 | c >> 12);
                bytes[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
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

    private static boolean pairAt(String text, int i, int end) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
