package dev.kaigi.credentials.api;

import dev.kaigi.credentials.TurnConfig;
import dev.kaigi.credentials.auth.JoinTokenVerifier;
import dev.kaigi.credentials.hmac.TurnCredential;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/v1/ice-servers}: the browser's ICE configuration, for peers holding a join token. */
// Nothing here blocks (an HMAC, an in-memory rate limiter): answered on the event loop, no worker hand-off.
@NonBlocking
@Path("/api/v1/ice-servers")
public class IceServersResource {
    private final JoinTokenVerifier joinTokens;
    private final CredentialIssuer issuer;
    private final TurnConfig turn;

    public IceServersResource(JoinTokenVerifier joinTokens, CredentialIssuer issuer, TurnConfig turn) {
        this.joinTokens = joinTokens;
        this.issuer = issuer;
        this.turn = turn;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public IceServers get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        issuer.admit(request);
        JoinTokenVerifier.JoinedPeer peer = joinTokens.verify(authorization);
        TurnCredential credential = issuer.issue(peer.peerId(), "ice-servers");
        List<IceServers.IceServer> servers = new ArrayList<>();
        turn.stunUris().filter(uris -> !uris.isEmpty())
                .ifPresent(uris -> servers.add(new IceServers.IceServer(uris, null, null)));
        servers.add(new IceServers.IceServer(turn.uris(), credential.username(), credential.password()));
        return new IceServers(servers, issuer.ttlSeconds(), credential.expiresAt().getEpochSecond());
    }
}
