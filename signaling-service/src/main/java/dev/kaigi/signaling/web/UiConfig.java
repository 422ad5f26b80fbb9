package dev.kaigi.signaling.web;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** What the browser needs to know at run time, so no URL is baked into the static files. */
@ConfigMapping(prefix = "kaigi.ui")
public interface UiConfig {
    /** Base URL of the TURN credential service; empty means the same origin (behind one ingress). */
    Optional<String> credentialServiceUrl();
}
