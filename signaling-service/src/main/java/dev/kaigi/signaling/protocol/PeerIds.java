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

    /** Exactly 22 base64url characters; checked on every signal, so a loop rather than a regex. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != 22) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
