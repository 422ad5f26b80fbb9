package dev.kaigi.credentials;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Who may ask for credentials, and how often. */
@ConfigMapping(prefix = "kaigi.credentials")
public interface CredentialsConfig {
    /** Shared with the signaling service ({@code kaigi.join-token.secret} there). */
    @io.smallrye.config.WithName("join-token-secret")
    String joinTokenSecret();

    /** API keys for server-side callers of the draft-uberti endpoint; none means that endpoint refuses all. */
    Optional<List<String>> apiKeys();

    RateLimit rateLimit();

    interface RateLimit {
        /** Requests one client address may make at once. */
        @WithDefault("20")
        int burst();

        /** Steady requests per minute per client address. */
        @WithDefault("60")
        int perMinute();
    }
}
