package dev.kaigi.credentials.hmac;

import dev.kaigi.credentials.TurnConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

public class TurnCredentialsProducer {
    static final Duration MIN_TTL = Duration.ofMinutes(1);
    static final Duration MAX_TTL = Duration.ofHours(24);

    @Produces
    @Singleton
    HmacTurnCredentials credentials(TurnConfig config) {
        Duration ttl = config.ttl();
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalStateException("kaigi.turn.ttl must be between 1m and 24h, was " + ttl);
        }
        // The first secret signs; coturn accepts all configured ones, which is what makes rotation possible.
        return new HmacTurnCredentials(config.secrets().get(0), ttl);
    }
}
