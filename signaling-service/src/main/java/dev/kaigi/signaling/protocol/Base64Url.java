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
        encode(bytes, 0, bytes.length, out, at);
    }

    /**
     * Writes {@code count} bytes of {@code in} from {@code from} into {@code out} from {@code at}. Each group of three
     * is read before its four are written, so the output may run over the input in the same array when it starts at
     * least {@code count / 3 + 1} bytes before it (a token encodes its claims this way, written at its own end).
     */
    public static void encode(byte[] in, int from, int count, byte[] out, int at) {
        int i = from, end = from + count;
        for (; i + 2 < end; i += 3) {
            int bits = (in[i] & 0xff) << 16 | (in[i + 1] & 0xff) << 8 | in[i + 2] & 0xff;
            out[at++] = ALPHABET[bits >>> 18];
            out[at++] = ALPHABET[(bits >>> 12) & 0x3f];
            out[at++] = ALPHABET[(bits >>> 6) & 0x3f];
            out[at++] = ALPHABET[bits & 0x3f];
        }
        if (i < end) {
            int bits = (in[i] & 0xff) << 16 | (i + 1 < end ? (in[i + 1] & 0xff) << 8 : 0);
            out[at++] = ALPHABET[bits >>> 18];
            out[at++] = ALPHABET[(bits >>> 12) & 0x3f];
            if (i + 1 < end) {
                out[at] = ALPHABET[(bits >>> 6) & 0x3f];
            }
        }
    }
}
