package dev.kaigi.credentials.ratelimit;

/** Becomes a 429 problem response with Retry-After. */
public class RateLimited extends RuntimeException {
    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds) {
        super("too many requests; retry in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
