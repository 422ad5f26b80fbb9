package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.RoomId;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The WebSocket endpoint {@code /ws/rooms/{room}}, served by Quarkus' own Vert.x HTTP server: frames go straight from
 * Vert.x's socket to a {@link PeerSession} and back, on the connection's event loop, in arrival order. A framework
 * layer between them (websockets-next) cost a task, a context and a Mutiny pipeline per frame, and per socket a copy
 * of the handshake's headers: half the saturation rate and 1.6× the floor's heap per socket (docs/benchmarks.md).
 */
@ApplicationScoped
public class SignalingSocket {
    private static final Logger LOG = Logger.getLogger(SignalingSocket.class);
    private static final String PATH = "/ws/rooms/";
    private final SessionServices services;
    private final LiveConnections live;
    private final OriginCheck origins;
    private final Draining draining;

    public SignalingSocket(SessionServices services, LiveConnections live, OriginCheck origins, Draining draining) {
        this.services = services;
        this.live = live;
        this.origins = origins;
        this.draining = draining;
    }

    void route(@Observes Router router) {
        // A prefix route, the room read off the path here: a ":room" parameter cost a regex match and a map of
        // parameters per join (≈ 0.8 KiB, docs/benchmarks.md). The room's own check refuses anything with a slash.
        router.get(PATH + "*").handler(this::upgrade);
    }

    private void upgrade(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            context.response().setStatusCode(426).putHeader(HttpHeaders.UPGRADE, "websocket").end();
        } else if (draining.isDraining()) {
            context.response().setStatusCode(503).end();
        } else if (!origins.permits(request)) {
            context.response().setStatusCode(403).end();
        } else {
            String room = context.normalizedPath().substring(PATH.length());
            String address = services.addresses().of(request);
            // Vert.x's connection under the request (an internal class): the socket's frames are written through it.
            ConnectionBase connection = (ConnectionBase) request.connection();
            request.toWebSocket().onSuccess(socket -> open(socket, connection, room, address))
                    .onFailure(failure -> LOG.debugf("WebSocket handshake from %s failed: %s", address, failure));
        }
    }

    private void open(ServerWebSocket socket, ConnectionBase connection, String roomName, String address) {
        dropIdleTimeout(connection);
        WebSocketPeerChannel channel = new WebSocketPeerChannel(socket, connection, services.codec(),
                services.config().maxOutboundBytes(), services.metrics());
        // First, so that a refused socket's reset is classified too, not logged by Vert.x as unhandled.
        socket.exceptionHandler(failure -> failed(failure, address));
        RoomId room;
        try {
            room = new RoomId(roomName);
        } catch (ProtocolException e) {
            refuse(channel, e.code(), e.getMessage(), 1008);
            return;
        }
        if (!services.addresses().tryOpen(address)) {
            refuse(channel, ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from your address", 1013);
            return;
        }
        PeerSession session = new PeerSession(room, channel, services, address);
        if (!live.tryAdd(channel, session, services.config().maxConnections())) {
            services.addresses().closed(address);
            refuse(channel, ErrorCode.SERVER_BUSY, "this server is at its connection limit; try again later", 1013);
            return;
        }
        socket.frameHandler(new MessageAssembler(services.config().maxSocketMessageBytes(), session::onText, () -> {
            // The protocol is JSON text; a binary message gets an error, and the connection carries on.
            session.heardMessage();
            session.sendError(ErrorCode.BAD_MESSAGE, "binary frames are not part of the protocol; send JSON text",
                    null);
        }, () -> {
            services.metrics().badFrame();
            channel.close(1009, "message too big");
        }));
        socket.pongHandler(data -> session.heardPong());
        socket.closeHandler(ignored -> {
            if (live.remove(channel) != null) {
                services.addresses().closed(address);
                Short code = socket.closeStatusCode();
                session.onClosed(code == null ? 1006 : code);
            }
        });
    }

    /**
     * The HTTP idle timeout's handler takes the time on every read and puts a listener on every write; on a WebSocket
     * the heartbeat does its job (a silent socket is closed after {@code heartbeat.timeout}), so it goes.
     */
    private static void dropIdleTimeout(ConnectionBase connection) {
        ChannelPipeline pipeline = connection.channel().pipeline();
        IdleStateHandler idle = pipeline.get(IdleStateHandler.class);
        if (idle != null) {
            pipeline.remove(idle);
        }
    }

    private void refuse(WebSocketPeerChannel channel, ErrorCode code, String message, int closeCode) {
        services.metrics().error(code);
        channel.send(new ServerMessage.Error(code, message, null));
        channel.close(closeCode, code.wireName());
    }

    /**
     * A client that vanishes (a phone losing its network, a killed tab) resets its connection: routine, logged at
     * DEBUG and counted. Anything else is a fault an operator must see.
     */
    private void failed(Throwable failure, String address) {
        if (RoutineDisconnects.isBadFrame(failure)) {
            services.metrics().badFrame();
            LOG.debugf("a client at %s sent a frame the WebSocket layer refused: %s", address, failure.toString());
        } else if (RoutineDisconnects.isRoutine(failure)) {
            services.metrics().routineDisconnect();
            LOG.debugf("a client at %s dropped: %s", address, failure.toString());
        } else {
            LOG.errorf(failure, "unexpected failure on a connection from %s", address);
        }
    }
}
