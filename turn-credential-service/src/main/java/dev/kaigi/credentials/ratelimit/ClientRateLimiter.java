package dev.kaigi.credentials.ratelimit;

import dev.kaigi.credentials.CredentialsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per client address, so one client cannot mint credentials in bulk. */
@ApplicationScoped
public class ClientRateLimiter {
    private static final int MAX_TRACKED_CLIENTS = 100_000;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double burst;
    private final double perNano;

    public ClientRateLimiter(CredentialsConfig config) {
        this.burst = config.rateLimit().burst();
        this.perNano = config.rateLimit().perMinute() / 60_000_000_000d;
    }

    /** Throws {@link RateLimited} when this client has used its allowance. */
    public void acquire(String client) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_TRACKED_CLIENTS) {
            // Full buckets carry no information; dropping them bounds memory under address churn.
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        long waitSeconds = bucket.take(now);
        if (waitSeconds > 0) {
            throw new RateLimited(waitSeconds);
        }
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        /** 0 when a token was taken, else the whole seconds until one is available. */
        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1_000_000_000d));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
