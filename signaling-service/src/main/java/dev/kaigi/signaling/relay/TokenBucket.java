package dev.kaigi.signaling.relay;

/** Per-connection message budget: {@code burst} at once, refilled at {@code perSecond}. */
final class TokenBucket {
    private final double capacity;
    private final double refillPerNano;
    private double tokens;
    private long lastRefill;

    TokenBucket(int burst, double perSecond, long nowNanos) {
        this.capacity = burst;
        this.refillPerNano = perSecond / 1_000_000_000d;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    synchronized boolean isFull(long nowNanos) {
        return tokens + (nowNanos - lastRefill) * refillPerNano >= capacity;
    }

    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastRefill) * refillPerNano);
        lastRefill = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
