package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.RoomId;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * The WebSocket endpoint: turns frames into calls on a {@link PeerSession}. Every callback is non-blocking, so a
 * connection's events run one after another on its event loop in arrival order; the framework's per-connection
 * serializing queue (SERIAL mode, about 1 KiB per socket) would add nothing but memory.
 */
@WebSocket(path = "/ws/rooms/{room}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class SignalingSocket {
    private static final Logger LOG = Logger.getLogger(SignalingSocket.class);
    private final SessionServices services;
    private final LiveConnections live;

    public SignalingSocket(SessionServices services, LiveConnections live) {
        this.services = services;
        this.live = live;
    }

    @OnOpen
    @NonBlocking
    void onOpen(WebSocketConnection connection) {
        WebSocketPeerChannel channel = new WebSocketPeerChannel(connection, services.codec(),
                services.config().maxOutboundBytes(), services.metrics(), services.queued());
        RoomId room;
        try {
            room = new RoomId(connection.pathParam("room"));
        } catch (ProtocolException e) {
            refuse(channel, e.code(), e.getMessage(), 1008);
            return;
        }
        String address = hostOf(connection.handshakeRequest().remoteAddress());
        if (!services.addresses().tryOpen(address)) {
            refuse(channel, ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from your address", 1013);
            return;
        }
        PeerSession session = new PeerSession(room, channel, services, address);
        if (!live.tryAdd(connection, session, services.config().maxConnections())) {
            services.addresses().closed(address);
            refuse(channel, ErrorCode.SERVER_BUSY, "this server is at its connection limit; try again later", 1013);
        }
    }

    /** The host part of "host:port", "[v6]:port" or a bare address. */
    static String hostOf(String remoteAddress) {
        String address = remoteAddress == null ? "unknown" : remoteAddress.replaceFirst("^/", "");
        if (address.startsWith("[")) {
            return address.substring(1, Math.max(1, address.indexOf(']')));
        }
        int colon = address.lastIndexOf(':');
        return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
    }

    private void refuse(WebSocketPeerChannel channel, ErrorCode code, String message, int closeCode) {
        services.metrics().error(code);
        channel.send(new ServerMessage.Error(code, message, null));
        channel.close(closeCode, code.wireName());
    }

    @OnTextMessage
    @NonBlocking
    void onText(String frame, WebSocketConnection connection) {
        LiveConnections.Live entry = live.get(connection.id());
        if (entry != null) {
            entry.session().onText(frame);
        }
    }

    /** The protocol is JSON text; a binary frame gets an error, and the connection carries on. */
    @OnBinaryMessage
    @NonBlocking
    void onBinary(Buffer data, WebSocketConnection connection) {
        LiveConnections.Live entry = live.get(connection.id());
        if (entry != null) {
            entry.session().heard();
            entry.session().sendError(ErrorCode.BAD_MESSAGE, "binary frames are not part of the protocol; send JSON text",
                    null);
        }
    }

    @OnPongMessage
    @NonBlocking
    void onPong(Buffer data, WebSocketConnection connection) {
        LiveConnections.Live entry = live.get(connection.id());
        if (entry != null) {
            entry.session().heard();
        }
    }

    /**
     * A client that vanishes (a phone losing its network, a killed tab) resets its connection: routine, logged at
     * DEBUG and counted. Anything else is a fault an operator must see.
     */
    @OnError
    @NonBlocking
    void onError(Throwable failure, WebSocketConnection connection) {
        if (RoutineDisconnects.isBadFrame(failure)) {
            services.metrics().badFrame();
            LOG.debugf("connection %s sent a frame the WebSocket layer refused: %s", connection.id(), failure.toString());
        } else if (RoutineDisconnects.isRoutine(failure)) {
            services.metrics().routineDisconnect();
            LOG.debugf("connection %s dropped: %s", connection.id(), failure.toString());
        } else {
            LOG.errorf(failure, "unexpected failure on connection %s", connection.id());
        }
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection, CloseReason reason) {
        LiveConnections.Live entry = live.remove(connection.id());
        if (entry != null) {
            services.addresses().closed(entry.session().address());
            entry.session().onClosed(reason == null ? 1006 : reason.getCode());
        }
    }
}
