package dev.kaigi.credentials.api;

import dev.kaigi.credentials.TurnConfig;
import dev.kaigi.credentials.auth.JoinTokenVerifier;
import dev.kaigi.credentials.hmac.HmacTurnCredentials;
import dev.kaigi.credentials.hmac.TurnCredential;
import dev.kaigi.credentials.ratelimit.ClientRateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/v1/ice-servers}: the browser's ICE configuration, for peers holding a join token. */
@Path("/api/v1/ice-servers")
public class IceServersResource {
    private final JoinTokenVerifier joinTokens;
    private final HmacTurnCredentials credentials;
    private final ClientRateLimiter rateLimiter;
    private final CredentialMetrics metrics;
    private final TurnConfig turn;
    private final Clock clock;

    public IceServersResource(JoinTokenVerifier joinTokens, HmacTurnCredentials credentials,
            ClientRateLimiter rateLimiter, CredentialMetrics metrics, TurnConfig turn, Clock clock) {
        this.joinTokens = joinTokens;
        this.credentials = credentials;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.turn = turn;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "ICE servers with time-limited TURN credentials for the peer named by the join token")
    public IceServers get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        rateLimiter.acquire(request.remoteAddress().hostAddress());
        JoinTokenVerifier.JoinedPeer peer = joinTokens.verify(authorization);
        TurnCredential credential = credentials.issue(peer.peerId(), clock.instant());
        List<IceServers.IceServer> servers = new ArrayList<>();
        turn.stunUris().filter(uris -> !uris.isEmpty())
                .ifPresent(uris -> servers.add(new IceServers.IceServer(uris, null, null)));
        servers.add(new IceServers.IceServer(turn.uris(), credential.username(), credential.password()));
        metrics.issued("ice-servers");
        return new IceServers(servers, credentials.ttl().toSeconds(), credential.expiresAt().getEpochSecond());
    }
}
