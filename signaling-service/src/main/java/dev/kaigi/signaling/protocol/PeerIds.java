package dev.kaigi.signaling.protocol;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Server-assigned peer ids: 128 random bits, base64url, so they cannot be guessed. */
public final class PeerIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}");

    private PeerIds() {
    }

    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
