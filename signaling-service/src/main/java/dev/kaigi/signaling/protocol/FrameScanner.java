package dev.kaigi.signaling.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One pass over a frame's UTF-8 bytes that proves it is well-formed JSON in valid UTF-8 and notes what
 * {@link FrameOutline} needs, allocating only what it returns. It accepts and refuses exactly what the codec's Jackson
 * parser does with the frame's text (strict JSON: no comments, no trailing commas, no leading zeros, no unescaped
 * control characters, only the standard escapes, at most {@link #MAX_DEPTH} levels, numbers of at most
 * {@link #MAX_NUMBER_LENGTH} digits in all), which {@code FrameScannerTest} checks against Jackson itself; and it
 * refuses bytes that are not UTF-8 (RFC 3629: no overlong forms, no surrogates), as a text frame must be. It reads
 * the bytes as they came off the socket: no String of the frame is made, and a signal's {@code data} goes on as these
 * bytes.
 */
final class FrameScanner {
    /** Nesting levels a frame may have, the message itself being the first; the codec's Jackson reads the same. */
    static final int MAX_DEPTH = 32;
    /** Digits a number may have, integer part, fraction and exponent together (Jackson's default read constraint). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final String QUOTED_SIGNAL = "\"signal\"";

    private final byte[] frame;
    private int at;

    private FrameScanner(byte[] frame) {
        this.frame = frame;
    }

    static FrameOutline outline(byte[] frame) {
        return new FrameScanner(frame).outline();
    }

    private FrameOutline outline() {
        skipSpace();
        if (at == frame.length) {
            throw broken("empty frame");
        }
        if (frame[at] != '{') {
            value(1);
            requireEnd();
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
        }
        at++;
        String type = null;
        boolean typeSeen = false;
        RawJson data = null;
        boolean duplicateData = false;
        String to = null;
        long ack = FrameOutline.NO_ACK;
        String otherField = null;
        skipSpace();
        if (!take('}')) {
            do {
                skipSpace();
                int nameStart = at + 1;
                // A name with an escape is resolved once; a plain one is compared where it lies, not copied.
                String escapedName = string() ? unescape(nameStart, at - 1) : null;
                int nameEnd = at - 1;
                skipSpace();
                expect(':');
                skipSpace();
                int valueStart = at;
                if (named(nameStart, nameEnd, escapedName, "data")) {
                    duplicateData |= data != null;
                    value(2);
                    data = RawJson.within(frame, valueStart, at);
                } else if (named(nameStart, nameEnd, escapedName, "type") && !typeSeen) {
                    typeSeen = true;
                    if (peek() == '"') {
                        type = stringValue(string(), valueStart);
                    } else {
                        value(2); // an object or array here is a wrong type, not broken JSON
                    }
                } else if (named(nameStart, nameEnd, escapedName, "to") && peek() == '"') {
                    to = stringValue(string(), valueStart);
                } else if (named(nameStart, nameEnd, escapedName, "ack")) {
                    value(2);
                    ack = ack == FrameOutline.NO_ACK ? ackValue(valueStart, at) : FrameOutline.BAD_ACK;
                } else {
                    if (otherField == null) { // includes a "to" that is not a string
                        otherField = escapedName != null ? escapedName : text(nameStart, nameEnd);
                    }
                    value(2);
                }
                skipSpace();
            } while (take(','));
            expect('}');
        }
        requireEnd();
        return FrameOutline.of(type, data, duplicateData, to, ack, otherField);
    }

    /** A well-formed value read from {@code start} to {@code end} as an ack: digits only, at most 18 of them. */
    private long ackValue(int start, int end) {
        if (end - start > 18) {
            return FrameOutline.BAD_ACK;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            byte c = frame[i];
            if (c < '0' || c > '9') {
                return FrameOutline.BAD_ACK; // a sign, a fraction, an exponent, or not a number at all
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private void value(int depth) {
        byte c = peek();
        if (c == '{' || c == '[') {
            if (depth > MAX_DEPTH) {
                throw broken("nested deeper than " + MAX_DEPTH + " levels");
            }
            at++;
            char close = c == '{' ? '}' : ']';
            skipSpace();
            if (take(close)) {
                return;
            }
            do {
                skipSpace();
                if (c == '{') {
                    string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                }
                value(depth + 1);
                skipSpace();
            } while (take(','));
            expect(close);
        } else if (c == '"') {
            string();
        } else if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else if (c == '-' || c >= '0' && c <= '9') {
            number();
        } else {
            throw unexpected();
        }
    }

    /** A string from its opening quote to past its closing one; whether it holds an escape. */
    private boolean string() {
        expect('"');
        // Locals, not fields, in the loop every byte of a frame's strings goes through: they stay in registers.
        byte[] bytes = frame;
        int end = bytes.length;
        int i = at;
        boolean escaped = false;
        while (true) {
            // Eight bytes at a time past plain ASCII text, the bulk of an SDP, straight to the first byte that is not.
            if (i <= end - Long.BYTES) {
                long special = specialBytes((long) WORDS.get(bytes, i));
                if (special == 0) {
                    i += Long.BYTES;
                    continue;
                }
                i += Long.numberOfTrailingZeros(special) >>> 3;
            } else if (i == end) {
                throw broken("unterminated string");
            }
            byte c = bytes[i++];
            if (c == '"') {
                at = i;
                return escaped;
            } else if (c == '\\') {
                escaped = true;
                byte escape = i < end ? bytes[i++] : 0;
                if (escape == 'u') {
                    for (int hex = 0; hex < 4; hex++) {
                        if (i == end || !isHexDigit(bytes[i++])) {
                            throw broken("bad \\u escape at " + (i - 1));
                        }
                    }
                } else if (!isShortEscape(escape)) {
                    throw broken("bad escape at " + (i - 1));
                }
            } else if (c < 0) {
                i = pastUtf8Sequence(bytes, i - 1, end);
            } else if (c < 0x20) {
                throw broken("unescaped control character in a string at " + (i - 1));
            }
        }
    }

    /** One of the escapes of a single character after the backslash: JSON's only others are {@code \\uXXXX}. */
    private static boolean isShortEscape(byte c) {
        return switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> true;
            default -> false;
        };
    }

    /**
     * The high bit of each of eight bytes (little-endian) that ends a string, starts an escape, is a control character
     * or is not ASCII; zero when there is none. Above the first such byte a plain one may be marked too (a borrow
     * carries over), so only the lowest mark is exact, and only it is used.
     */
    private static long specialBytes(long word) {
        long quote = word ^ 0x2222222222222222L;
        long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
        long zeroByteInQuote = quote - ONES & ~quote;
        long zeroByteInBackslash = backslash - ONES & ~backslash;
        long below0x20 = word - 0x20 * ONES & ~word;
        return (zeroByteInQuote | zeroByteInBackslash | below0x20 | word) & HIGH_BITS;
    }

    /** Past the multi-byte UTF-8 sequence that starts at {@code i}; refuses one that is not valid UTF-8. */
    private static int pastUtf8Sequence(byte[] bytes, int i, int end) {
        int lead = bytes[i] & 0xFF;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondMin = 0xA0; // shorter forms are overlong
            } else if (lead == 0xED) {
                secondMax = 0x9F; // above are the surrogates
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondMin = 0x90;
            } else if (lead == 0xF4) {
                secondMax = 0x8F; // above is past U+10FFFF
            }
        } else {
            throw notUtf8(i);
        }
        if (i + length > end) {
            throw notUtf8(i);
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            throw notUtf8(i);
        }
        for (int k = 2; k < length; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                throw notUtf8(i);
            }
        }
        return i + length;
    }

    private void number() {
        take('-');
        int length;
        if (take('0')) {
            if (isDigit(at)) {
                throw broken("leading zero at " + at);
            }
            length = 1;
        } else {
            length = digits("a digit");
        }
        boolean integer = true;
        if (take('.')) {
            integer = false;
            length += digits("a digit after the decimal point");
        }
        if (take('e') || take('E')) {
            integer = false;
            if (!take('+')) {
                take('-');
            }
            length += digits("a digit in the exponent");
        }
        if (length > MAX_NUMBER_LENGTH) {
            throw broken((integer ? "integer" : "number") + " of more than " + MAX_NUMBER_LENGTH + " digits");
        }
    }

    /** Skips one or more digits; how many. */
    private int digits(String expected) {
        int start = at;
        while (isDigit(at)) {
            at++;
        }
        if (at == start) {
            throw broken("expected " + expected + " at " + at);
        }
        return at - start;
    }

    private void literal(String word) {
        if (!matches(at, word)) {
            throw unexpected();
        }
        at += word.length();
    }

    /** Whether the ASCII {@code word} lies at {@code start}. */
    private boolean matches(int start, String word) {
        if (start + word.length() > frame.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (frame[start + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private boolean isDigit(int i) {
        return i < frame.length && frame[i] >= '0' && frame[i] <= '9';
    }

    private boolean named(int start, int end, String escapedName, String name) {
        return escapedName != null ? escapedName.equals(name) : end - start == name.length() && matches(start, name);
    }

    /** The value of the string just read from {@code start}; "signal", nearly every frame's type, is not copied. */
    private String stringValue(boolean escaped, int start) {
        if (escaped) {
            return unescape(start + 1, at - 1);
        }
        if (at - start == QUOTED_SIGNAL.length() && matches(start, QUOTED_SIGNAL)) {
            return "signal";
        }
        return text(start + 1, at - 1);
    }

    private String text(int start, int end) {
        return new String(frame, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * The text of a string's content, escapes resolved (they were checked when it was read). The runs between escapes
     * are whole UTF-8 sequences, since an escape starts with an ASCII byte; two escaped halves of a surrogate pair
     * meet again in the builder.
     */
    private String unescape(int start, int end) {
        StringBuilder value = new StringBuilder(end - start);
        int run = start;
        for (int i = start; i < end; i++) {
            if (frame[i] != '\\') {
                continue;
            }
            value.append(text(run, i));
            byte escape = frame[++i];
            switch (escape) {
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    value.append((char) Integer.parseInt(text(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> value.append((char) escape);
            }
            run = i + 1;
        }
        return value.append(text(run, end)).toString();
    }

    private void skipSpace() {
        while (at < frame.length) {
            byte c = frame[at];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private byte peek() {
        if (at == frame.length) {
            throw broken("unexpected end");
        }
        return frame[at];
    }

    private boolean take(char c) {
        if (at < frame.length && frame[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) {
            throw at == frame.length ? broken("unexpected end") : unexpected();
        }
    }

    private void requireEnd() {
        skipSpace();
        if (at < frame.length) {
            throw broken("trailing content after the message");
        }
    }

    private ProtocolException unexpected() {
        int c = frame[at] & 0xFF;
        return broken((c >= 0x20 && c < 0x7F ? "unexpected character '" + (char) c + "'"
                : String.format("unexpected byte 0x%02X", c)) + " at " + at);
    }

    private static ProtocolException notUtf8(int at) {
        return new ProtocolException(ErrorCode.BAD_JSON, "not valid UTF-8 at byte " + at);
    }

    private static ProtocolException broken(String what) {
        return new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + what);
    }
}
