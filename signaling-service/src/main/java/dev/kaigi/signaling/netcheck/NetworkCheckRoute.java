package dev.kaigi.signaling.netcheck;

import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.relay.ClientAddresses;
import dev.kaigi.signaling.room.RoomId;
import dev.kaigi.signaling.token.SessionTokens;
import dev.kaigi.signaling.web.JsonResponses;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;

/**
 * {@code POST /network-check/{room}}: a short-lived join token for the pre-join network check, so the page can
 * try each TURN server before the user is in the room. It buys exactly what opening the room's socket and
 * joining would (credentials for one would-be peer) and counts against the same per-address join allowance.
 */
public class NetworkCheckRoute {
    private final SessionTokens tokens;
    private final ClientAddresses addresses;

    public NetworkCheckRoute(SessionTokens tokens, ClientAddresses addresses) {
        this.tokens = tokens;
        this.addresses = addresses;
    }

    void register(@Observes Router router) {
        router.post("/network-check/:room").handler(this::token);
        // Any other method: Quarkus' static-resource handler would answer 404, which hides that the path exists.
        router.route("/network-check/:room").handler(context -> context.response().setStatusCode(405)
                .putHeader(HttpHeaders.ALLOW, "POST").end());
    }

    private void token(RoutingContext context) {
        RoomId room;
        try {
            room = new RoomId(context.pathParam("room"));
        } catch (ProtocolException e) {
            JsonResponses.error(context, 400, e.code().wireName(), e.getMessage());
            return;
        }
        if (!addresses.tryJoin(addresses.of(context.request()))) {
            JsonResponses.error(context, 429, "rate-limited", "too many joins from your address");
            return;
        }
        JsonResponses.send(context, 200, tokens.networkCheckToken(room));
    }
}
