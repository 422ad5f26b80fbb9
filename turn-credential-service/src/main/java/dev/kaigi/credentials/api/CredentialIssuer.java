package dev.kaigi.credentials.api;

import dev.kaigi.credentials.hmac.HmacTurnCredentials;
import dev.kaigi.credentials.hmac.TurnCredential;
import dev.kaigi.credentials.ratelimit.ClientRateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** What both endpoints do around their own authentication: rate-limit the caller, issue, count. */
@ApplicationScoped
public class CredentialIssuer {
    private final HmacTurnCredentials credentials;
    private final ClientRateLimiter rateLimiter;
    private final CredentialMetrics metrics;
    private final Clock clock;

    public CredentialIssuer(HmacTurnCredentials credentials, ClientRateLimiter rateLimiter, CredentialMetrics metrics,
            Clock clock) {
        this.credentials = credentials;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Called first, before authentication, so guessing tokens or keys is rate-limited too. */
    void admit(HttpServerRequest request) {
        rateLimiter.acquire(request.remoteAddress().hostAddress());
    }

    TurnCredential issue(String id, String endpoint) {
        TurnCredential credential = credentials.issue(id, clock.instant());
        metrics.issued(endpoint);
        return credential;
    }

    long ttlSeconds() {
        return credentials.ttl().toSeconds();
    }
}
