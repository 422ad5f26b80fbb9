package dev.kaigi.signaling.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Server-assigned peer ids: 128 random bits, base64url, so they cannot be guessed. The bits are taken from a pool that
 * the system's secure random source fills 4 KiB at a time: asked for 16 bytes per id, its mixing took ≈ 0.5 KB of
 * garbage per id, two ids per join (docs/benchmarks.md).
 */
public final class PeerIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 16;
    private static final byte[] POOL = new byte[4096];
    private static final byte[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static int taken = POOL.length;

    private PeerIds() {
    }

    public static String random() {
        byte[] id = new byte[22];
        synchronized (POOL) {
            if (taken == POOL.length) {
                RANDOM.nextBytes(POOL);
                taken = 0;
            }
            int at = 0;
            for (int i = taken; i < taken + BYTES - 1; i += 3) {
                int bits = (POOL[i] & 0xff) << 16 | (POOL[i + 1] & 0xff) << 8 | POOL[i + 2] & 0xff;
                id[at++] = BASE64URL[bits >>> 18];
                id[at++] = BASE64URL[(bits >>> 12) & 0x3f];
                id[at++] = BASE64URL[(bits >>> 6) & 0x3f];
                id[at++] = BASE64URL[bits & 0x3f];
            }
            int last = POOL[taken + BYTES - 1] & 0xff;
            id[at++] = BASE64URL[last >>> 2];
            id[at] = BASE64URL[(last & 0x3) << 4];
            // Used bits are cleared, so no id stays in the pool after it was handed out.
            Arrays.fill(POOL, taken, taken + BYTES, (byte) 0);
            taken += BYTES;
        }
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
