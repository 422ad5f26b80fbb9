package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Server-assigned peer ids: 128 random bits from the system's secure random source, base64url, so they cannot be
 * guessed. Encoded into the id's own array: the JDK's encoder made an encoder, an array and a copy per id.
 */
public final class PeerIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 16;
    private static final int LENGTH = Base64Url.length(BYTES);

    private PeerIds() {
    }

    public static String random() {
        // 16 bytes per call, not from a pool filled in bulk: a 4 KiB pool saved no measurable garbage per join, and
        // the idle benchmark's first 1 000 sockets took ≈ 14 MB more memory with it in five runs of five
        // (docs/benchmarks.md).
        byte[] bits = new byte[BYTES];
        RANDOM.nextBytes(bits);
        byte[] id = new byte[LENGTH];
        Base64Url.encode(bits, id, 0);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    /** Exactly 22 base64url characters; checked on every signal. */
    public static boolean isWellFormed(String id) {
        return isUrlSafe(id, LENGTH, LENGTH);
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
