package dev.kaigi.signaling.netcheck;

import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.relay.ClientAddresses;
import dev.kaigi.signaling.room.RoomId;
import dev.kaigi.signaling.token.SessionTokens;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /network-check/{room}}: a short-lived join token for the pre-join network check, so the page can
 * try each TURN server before the user is in the room. It buys exactly what opening the room's socket and
 * joining would (credentials for one would-be peer) and counts against the same per-address join allowance.
 */
@Path("/network-check/{room}")
public class NetworkCheckResource {
    private final SessionTokens tokens;
    private final ClientAddresses addresses;

    public NetworkCheckResource(SessionTokens tokens, ClientAddresses addresses) {
        this.tokens = tokens;
        this.addresses = addresses;
    }

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@PathParam("room") String room, @Context HttpServerRequest request) {
        RoomId roomId;
        try {
            roomId = new RoomId(room);
        } catch (ProtocolException e) {
            return error(Response.Status.BAD_REQUEST, e.code().wireName(), e.getMessage());
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (!addresses.tryJoin(address)) {
            return error(Response.Status.TOO_MANY_REQUESTS, "rate-limited", "too many joins from your address");
        }
        return Response.ok(tokens.networkCheckToken(roomId)).build();
    }

    private static Response error(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", code, "message", message)).build();
    }
}
