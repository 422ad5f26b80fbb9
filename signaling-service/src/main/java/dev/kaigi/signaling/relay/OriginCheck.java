package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.SignalingConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Refuses (403) WebSocket upgrades from pages of other sites. A browser always sends {@code Origin}; the page is
 * allowed when it was served by this host (the UI is) or its origin is configured. Compared by host and port
 * only, since TLS usually ends at the ingress and the service sees plain HTTP.
 */
@ApplicationScoped
public class OriginCheck {
    private final List<String> allowed;
    private final boolean allowMissing;
    private final Counter refused;

    public OriginCheck(SignalingConfig config, MeterRegistry meters) {
        this.allowed = config.origins().allowed().orElse(List.of()).stream()
                .map(o -> o.strip().toLowerCase(Locale.ROOT)).toList();
        this.allowMissing = config.origins().allowMissing();
        this.refused = Counter.builder("kaigi.signaling.refused.origins")
                .description("WebSocket upgrades refused because of their Origin").register(meters);
    }

    /** False (and counted) when the upgrade must be refused with 403. */
    boolean permits(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null ? allowMissing : isAllowed(origin, request.getHeader("Host"))) {
            return true;
        }
        refused.increment();
        return false;
    }

    private boolean isAllowed(String origin, String host) {
        if (host != null && (isOriginOf(origin, "https://", host) || isOriginOf(origin, "http://", host))) {
            return true; // what a browser sends for a page this host served, checked without parsing a URI
        }
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) {
            return true;
        }
        try {
            String authority = URI.create(normalized).getAuthority();
            return authority != null && host != null && authority.equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** Exactly {@code scheme} then {@code host}, ignoring case. */
    private static boolean isOriginOf(String origin, String scheme, String host) {
        return origin.length() == scheme.length() + host.length()
                && origin.regionMatches(true, 0, scheme, 0, scheme.length())
                && origin.regionMatches(true, scheme.length(), host, 0, host.length());
    }
}
