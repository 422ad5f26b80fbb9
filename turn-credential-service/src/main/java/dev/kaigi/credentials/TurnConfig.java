package dev.kaigi.credentials;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The TURN side of the credential service; docs/configuration.md mirrors it. */
@ConfigMapping(prefix = "kaigi.turn")
public interface TurnConfig {
    /**
     * coturn {@code static-auth-secret}s. The first signs; list the same secrets in coturn (it accepts any of
     * them), so a new one can be added first and the old one removed later.
     */
    List<String> secrets();

    /** turn:/turns: URIs handed to clients, e.g. {@code turn:turn.example.org:3478?transport=udp}. */
    List<String> uris();

    /** stun: URIs handed to clients; defaults to none. */
    Optional<List<String>> stunUris();

    /** Lifetime of issued credentials; bounded to 1 minute .. 24 hours at startup. */
    @WithDefault("4h")
    Duration ttl();

    @WithDefault("kaigi")
    String realm();
}
