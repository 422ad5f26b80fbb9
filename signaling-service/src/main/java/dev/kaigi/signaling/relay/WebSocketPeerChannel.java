package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.PeerChannel;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

/** Writes server messages to one socket without waiting: a slow or dead peer must not stall its room. */
final class WebSocketPeerChannel implements PeerChannel {
    private static final Logger LOG = Logger.getLogger(WebSocketPeerChannel.class);
    private final WebSocketConnection connection;
    private final MessageCodec codec;

    WebSocketPeerChannel(WebSocketConnection connection, MessageCodec codec) {
        this.connection = connection;
        this.codec = codec;
    }

    @Override
    public void send(ServerMessage message) {
        if (!connection.isClosed()) {
            sendFrame(codec.encode(message));
        }
    }

    @Override
    public void sendFrame(String frame) {
        if (connection.isClosed()) {
            return;
        }
        connection.sendText(frame).subscribe().with(
                ok -> {
                },
                failure -> LOG.debugf("send to %s failed: %s", connection.id(), failure.getMessage()));
    }

    @Override
    public void close(int code, String reason) {
        if (connection.isClosed()) {
            return;
        }
        connection.close(new CloseReason(code, reason)).subscribe().with(
                ok -> {
                },
                failure -> LOG.debugf("close of %s failed: %s", connection.id(), failure.getMessage()));
    }
}
