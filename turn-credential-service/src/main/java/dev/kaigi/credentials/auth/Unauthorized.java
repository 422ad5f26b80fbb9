package dev.kaigi.credentials.auth;

/** Becomes a 401 problem response; {@code challenge} is the WWW-Authenticate value, if any. */
public class Unauthorized extends RuntimeException {
    private final String challenge;

    private Unauthorized(String detail, String challenge) {
        super(detail, null, false, false);
        this.challenge = challenge;
    }

    static Unauthorized bearer(String detail) {
        return new Unauthorized(detail, "Bearer realm=\"kaigi\"");
    }

    static Unauthorized apiKey(String detail) {
        return new Unauthorized(detail, null);
    }

    public String challenge() {
        return challenge;
    }
}
