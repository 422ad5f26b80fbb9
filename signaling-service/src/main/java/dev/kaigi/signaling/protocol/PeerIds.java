package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Server-assigned peer ids: 128 random bits from the system's secure random source, base64url, so they cannot be
 * guessed. Encoded by hand into the id's own array: the JDK's encoder made an encoder, an array and a copy per id.
 */
public final class PeerIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    private PeerIds() {
    }

    public static String random() {
        // 16 bytes per call, not from a pool filled in bulk: a 4 KiB pool saved no measurable garbage per join, and
        // the idle benchmark's first 1 000 sockets took ≈ 14 MB more memory with it in five runs of five
        // (docs/benchmarks.md).
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        byte[] id = new byte[22];
        int at = 0;
        for (int i = 0; i < 15; i += 3) {
            int group = (bits[i] & 0xff) << 16 | (bits[i + 1] & 0xff) << 8 | bits[i + 2] & 0xff;
            id[at++] = BASE64URL[group >>> 18];
            id[at++] = BASE64URL[(group >>> 12) & 0x3f];
            id[at++] = BASE64URL[(group >>> 6) & 0x3f];
            id[at++] = BASE64URL[group & 0x3f];
        }
        id[at++] = BASE64URL[(bits[15] & 0xff) >>> 2];
        id[at] = BASE64URL[(bits[15] & 0x3) << 4];
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    /** Exactly 22 base64url characters; checked on every signal. */
    public static boolean isWellFormed(String id) {
        return isUrlSafe(id, 22, 22);
    }

    /**
     * Text of {@code min} to {@code max} characters of {@code [A-Za-z0-9_-]}, the alphabet of peer ids and room ids.
     * Checked on every signal and every upgrade, so a loop rather than a regex's matcher.
     */
    public static boolean isUrlSafe(String text, int min, int max) {
        if (text == null || text.length() < min || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
