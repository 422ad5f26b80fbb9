package dev.kaigi.signaling.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The join token shown to the TURN credential service; both services must share the secret. */
@ConfigMapping(prefix = "kaigi.join-token")
public interface JoinTokenConfig {
    String secret();

    @WithDefault("10m")
    Duration ttl();
}
