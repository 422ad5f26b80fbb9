package dev.kaigi.credentials.api;

/** Lets tests in other packages compute the expected HMAC the same independent way. */
public final class IceServersResourceTestAccess {
    private IceServersResourceTestAccess() {
    }

    public static String hmac(String secret, String username) throws Exception {
        return IceServersResourceTest.hmacSha1Base64(secret, username);
    }
}
