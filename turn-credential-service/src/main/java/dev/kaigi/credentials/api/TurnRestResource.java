package dev.kaigi.credentials.api;

import dev.kaigi.credentials.TurnConfig;
import dev.kaigi.credentials.auth.ApiKeys;
import dev.kaigi.credentials.hmac.HmacTurnCredentials;
import dev.kaigi.credentials.hmac.TurnCredential;
import dev.kaigi.credentials.ratelimit.ClientRateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/turn-credentials?service=turn&username=…}: the draft-uberti-behave-turn-rest-00 request,
 * for server-side callers holding an API key.
 */
@Path("/api/v1/turn-credentials")
public class TurnRestResource {
    // No ':' — coturn splits the username at the first colon into expiry and id.
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@+-]{1,128}");

    private final ApiKeys apiKeys;
    private final HmacTurnCredentials credentials;
    private final ClientRateLimiter rateLimiter;
    private final CredentialMetrics metrics;
    private final TurnConfig turn;
    private final Clock clock;

    public TurnRestResource(ApiKeys apiKeys, HmacTurnCredentials credentials, ClientRateLimiter rateLimiter,
            CredentialMetrics metrics, TurnConfig turn, Clock clock) {
        this.apiKeys = apiKeys;
        this.credentials = credentials;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.turn = turn;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "TURN credentials in the draft-uberti-behave-turn-rest-00 shape, for API-key holders")
    public TurnRestCredential get(@QueryParam("service") String service, @QueryParam("username") String username,
            @QueryParam("key") String keyParam, @HeaderParam("X-API-Key") String keyHeader,
            @Context HttpServerRequest request) {
        rateLimiter.acquire(request.remoteAddress().hostAddress());
        apiKeys.require(keyHeader != null ? keyHeader : keyParam);
        if (!"turn".equals(service)) {
            throw new BadRequest("service must be 'turn'");
        }
        if (username == null || !USER_ID.matcher(username).matches()) {
            throw new BadRequest("username must be 1-128 characters of A-Z a-z 0-9 _ . @ + - (no ':')");
        }
        TurnCredential credential = credentials.issue(username, clock.instant());
        metrics.issued("turn-credentials");
        return new TurnRestCredential(credential.username(), credential.password(), credentials.ttl().toSeconds(),
                turn.uris());
    }
}
