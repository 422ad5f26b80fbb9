package dev.kaigi.signaling.protocol;

import java.security.SecureRandom;
import java.util.Base64;

/** Server-assigned peer ids: 128 random bits, base64url, so they cannot be guessed. */
public final class PeerIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PeerIds() {
    }

    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
