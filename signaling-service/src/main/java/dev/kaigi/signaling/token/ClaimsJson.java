package dev.kaigi.signaling.token;

/**
 * A token's claims as the UTF-8 bytes of a JSON object: measured first ({@link #size}), then written at the end of the
 * caller's array ({@link #writeAtEnd}). A string is escaped as JSON requires (quote, backslash, control characters, and a lone
 * surrogate, which has no UTF-8 form) and otherwise written as its UTF-8.
 */
final class ClaimsJson {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private final byte[] bytes;
    private int at;

    private ClaimsJson(byte[] bytes, int at) {
        this.bytes = bytes;
        this.at = at;
    }

    /** The number of bytes {@link #writeAtEnd} writes. */
    static int size(TokenClaims claims) {
        return 2 + textLength("iss", claims.issuer()) + textLength("aud", claims.audience())
                + textLength("sub", claims.subject()) + textLength("room", claims.room())
                + numberLength("iat", claims.issuedAt()) + numberLength("exp", claims.expiresAt())
                + textLength("name", claims.name()) - 1;
    }

    /** Writes the claims as the last {@code size} bytes of {@code out}, {@code size} being their {@link #size}. */
    static void writeAtEnd(TokenClaims claims, int size, byte[] out) {
        ClaimsJson json = new ClaimsJson(out, out.length - size);
        json.put('{');
        json.text("iss", claims.issuer());
        json.text("aud", claims.audience());
        json.text("sub", claims.subject());
        json.text("room", claims.room());
        json.number("iat", claims.issuedAt());
        json.number("exp", claims.expiresAt());
        json.text("name", claims.name());
        json.bytes[json.at - 1] = '}'; // over the last comma
        if (json.at != out.length) {
            throw new IllegalStateException("claims measured at " + size + " bytes, written "
                    + (json.at - out.length + size));
        }
    }

    /** A member and its comma; nothing for a null value. */
    private static int textLength(String key, String value) {
        return value == null ? 0 : quotedLength(key) + 1 + quotedLength(value) + 1;
    }

    private static int numberLength(String key, long value) {
        return quotedLength(key) + 1 + numberLength(value) + 1;
    }

    private void text(String key, String value) {
        if (value != null) {
            quoted(key);
            put(':');
            quoted(value);
            put(',');
        }
    }

    private void number(String key, long value) {
        quoted(key);
        put(':');
        number(value);
        put(',');
    }

    private static int quotedLength(String text) {
        int length = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                length += 2;
            } else if (c < 0x20) {
                length += 6;
            } else if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (isPairAt(text, i)) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 6;
            } else {
                length += 3;
            }
        }
        return length;
    }

    private void quoted(String text) {
        put('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !isPairAt(text, i)) {
                put('\\');
                put('u');
                put(HEX[c >> 12]);
                put(HEX[(c >> 8) & 0xf]);
                put(HEX[(c >> 4) & 0xf]);
                put(HEX[c & 0xf]);
            } else if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xc0 | c >> 6);
                put(0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c)) {
                int point = Character.toCodePoint(c, text.charAt(++i));
                put(0xf0 | point >> 18);
                put(0x80 | (point >> 12) & 0x3f);
                put(0x80 | (point >> 6) & 0x3f);
                put(0x80 | point & 0x3f);
            } else {
                put(0xe0 | c >> 12);
                put(0x80 | (c >> 6) & 0x3f);
                put(0x80 | c & 0x3f);
            }
        }
        put('"');
    }

    /** A high surrogate at {@code i} with its low one after it: one code point, four bytes of UTF-8. */
    private static boolean isPairAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }

    private static int numberLength(long value) {
        int length = value < 0 ? 2 : 1;
        for (long rest = Math.abs(value / 10); rest > 0; rest /= 10) {
            length++;
        }
        return length;
    }

    private void number(long value) {
        if (value < 0) {
            put('-');
        }
        int end = at + numberLength(value) - (value < 0 ? 1 : 0);
        for (int i = end - 1; i >= at; i--) {
            put(i, '0' + (int) Math.abs(value % 10));
            value /= 10;
        }
        at = end;
    }

    private void put(int index, int b) {
        bytes[index] = (byte) b;
    }

    private void put(int b) {
        bytes[at++] = (byte) b;
    }
}
