package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Unpadded base64url (RFC 4648 §5, as JWTs and peer ids use it), written into the caller's array: the JDK's encoder
 * writes only from the start of a new array, and a token or an id is one array from the start (docs/benchmarks.md).
 */
public final class Base64Url {
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    private Base64Url() {
    }

    /** The encoded length of {@code bytes} bytes. */
    public static int length(int bytes) {
        return bytes / 3 * 4 + (bytes % 3 == 0 ? 0 : bytes % 3 + 1);
    }

    /** Writes all of {@code bytes} into {@code out} from {@code at}: {@link #length} bytes. */
    public static void encode(byte[] bytes, byte[] out, int at) {
        int i = 0;
        for (; i + 2 < bytes.length; i += 3) {
            int bits = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | bytes[i + 2] & 0xff;
            out[at++] = ALPHABET[bits >>> 18];
            out[at++] = ALPHABET[(bits >>> 12) & 0x3f];
            out[at++] = ALPHABET[(bits >>> 6) & 0x3f];
            out[at++] = ALPHABET[bits & 0x3f];
        }
        if (i < bytes.length) {
            int bits = (bytes[i] & 0xff) << 16 | (i + 1 < bytes.length ? (bytes[i + 1] & 0xff) << 8 : 0);
            out[at++] = ALPHABET[bits >>> 18];
            out[at++] = ALPHABET[(bits >>> 12) & 0x3f];
            if (i + 1 < bytes.length) {
                out[at] = ALPHABET[(bits >>> 6) & 0x3f];
            }
        }
    }
}
