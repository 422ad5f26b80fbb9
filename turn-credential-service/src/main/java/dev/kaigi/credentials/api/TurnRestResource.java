package dev.kaigi.credentials.api;

import dev.kaigi.credentials.TurnConfig;
import dev.kaigi.credentials.auth.ApiKeys;
import dev.kaigi.credentials.hmac.TurnCredential;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/turn-credentials?service=turn&username=…}: the draft-uberti-behave-turn-rest-00 request,
 * for server-side callers holding an API key.
 */
// Nothing here blocks (an HMAC, an in-memory rate limiter): answered on the event loop, no worker hand-off.
@NonBlocking
@Path("/api/v1/turn-credentials")
public class TurnRestResource {
    // No ':' — coturn splits the username at the first colon into expiry and id.
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@+-]{1,128}");

    private final ApiKeys apiKeys;
    private final CredentialIssuer issuer;
    private final TurnConfig turn;

    public TurnRestResource(ApiKeys apiKeys, CredentialIssuer issuer, TurnConfig turn) {
        this.apiKeys = apiKeys;
        this.issuer = issuer;
        this.turn = turn;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TurnRestCredential get(@QueryParam("service") String service, @QueryParam("username") String username,
            @QueryParam("key") String keyParam, @HeaderParam("X-API-Key") String keyHeader,
            @Context HttpServerRequest request) {
        issuer.admit(request);
        apiKeys.require(keyHeader != null ? keyHeader : keyParam);
        if (!"turn".equals(service)) {
            throw new BadRequest("service must be 'turn'");
        }
        if (username == null || !USER_ID.matcher(username).matches()) {
            throw new BadRequest("username must be 1-128 characters of A-Z a-z 0-9 _ . @ + - (no ':')");
        }
        TurnCredential credential = issuer.issue(username, "turn-credentials");
        return new TurnRestCredential(credential.username(), credential.password(), issuer.ttlSeconds(),
                turn.uris());
    }
}
