package dev.kaigi.signaling.protocol;

/**
 * One pass over a frame's characters that proves it is well-formed JSON and notes what {@link FrameOutline} needs,
 * allocating only what it returns. It accepts and refuses exactly what the codec's Jackson parser does (strict JSON:
 * no comments, no trailing commas, no leading zeros, no unescaped control characters, only the standard escapes, at
 * most {@link #MAX_DEPTH} levels, numbers of at most {@link #MAX_NUMBER_LENGTH} digits in all), which
 * {@code FrameScannerTest} checks against Jackson itself. Jackson did this pass before; a parser, its context and its
 * buffers per frame were a seventh of what the relay allocated (docs/benchmarks.md).
 */
final class FrameScanner {
    /** Nesting levels a frame may have, the message itself being the first; the codec's Jackson reads the same. */
    static final int MAX_DEPTH = 32;
    /** Digits a number may have, integer part, fraction and exponent together (Jackson's default read constraint). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private final String text;
    private int at;
    /** Every char of the strings read since it was last reset, or-ed: under 0x80 when they were all ASCII. */
    private int stringChars;

    private FrameScanner(String text) {
        this.text = text;
    }

    static FrameOutline outline(String frame) {
        return new FrameScanner(frame).outline();
    }

    private FrameOutline outline() {
        skipSpace();
        if (at == text.length()) {
            throw broken("empty frame");
        }
        if (text.charAt(at) != '{') {
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
                    stringChars = 0;
                    value(2);
                    data = RawJson.within(text, valueStart, at, stringChars < 0x80); // outside strings all is ASCII
                } else if (named(nameStart, nameEnd, escapedName, "type") && !typeSeen) {
                    typeSeen = true;
                    if (peek() == '"') {
                        type = stringValue(string(), valueStart);
                    } else {
                        value(2); // an object or array here is a wrong type, not broken JSON
                    }
                } else if (named(nameStart, nameEnd, escapedName, "to") && peek() == '"') {
                    to = stringValue(string(), valueStart);
                } else {
                    if (otherField == null) { // includes a "to" that is not a string
                        otherField = escapedName != null ? escapedName : text.substring(nameStart, nameEnd);
                    }
                    value(2);
                }
                skipSpace();
            } while (take(','));
            expect('}');
        }
        requireEnd();
        return FrameOutline.of(type, data, duplicateData, to, otherField);
    }

    private void value(int depth) {
        char c = peek();
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
        // Locals, not fields, in the loop every char of a frame's strings goes through: they stay in registers.
        String frame = text;
        int end = frame.length();
        int i = at;
        int seen = 0;
        boolean escaped = false;
        while (true) {
            if (i == end) {
                throw broken("unterminated string");
            }
            char c = frame.charAt(i++);
            seen |= c;
            if (c == '"') {
                at = i;
                stringChars |= seen;
                return escaped;
            } else if (c == '\\') {
                escaped = true;
                char escape = i < end ? frame.charAt(i++) : 0;
                if (escape == 'u') {
                    for (int hex = 0; hex < 4; hex++) {
                        if (i == end || !isHexDigit(frame.charAt(i++))) {
                            throw broken("bad \\u escape at " + (i - 1));
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(escape) < 0 || escape == 0) {
                    throw broken("bad escape at " + (i - 1));
                }
            } else if (c < 0x20) {
                throw broken("unescaped control character in a string at " + (i - 1));
            }
        }
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
        if (!text.startsWith(word, at)) {
            throw unexpected();
        }
        at += word.length();
    }

    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private boolean isDigit(int i) {
        return i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }

    private boolean named(int start, int end, String escapedName, String name) {
        return escapedName != null ? escapedName.equals(name)
                : end - start == name.length() && text.startsWith(name, start);
    }

    /** The value of the string just read from {@code start}; "signal", nearly every frame's type, is not copied. */
    private String stringValue(boolean escaped, int start) {
        if (escaped) {
            return unescape(start + 1, at - 1);
        }
        if (at - start == 8 && text.startsWith("\"signal\"", start)) {
            return "signal";
        }
        return text.substring(start + 1, at - 1);
    }

    /** The text of a string's content, escapes resolved (they were checked when it was read). */
    private String unescape(int start, int end) {
        StringBuilder value = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escape = text.charAt(++i);
            switch (escape) {
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    value.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> value.append(escape);
            }
        }
        return value.toString();
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        if (at == text.length()) {
            throw broken("unexpected end");
        }
        return text.charAt(at);
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) {
            throw at == text.length() ? broken("unexpected end") : unexpected();
        }
    }

    private void requireEnd() {
        skipSpace();
        if (at < text.length()) {
            throw broken("trailing content after the message");
        }
    }

    private ProtocolException unexpected() {
        return broken("unexpected character '" + text.charAt(at) + "' at " + at);
    }

    private static ProtocolException broken(String what) {
        return new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + what);
    }
}
