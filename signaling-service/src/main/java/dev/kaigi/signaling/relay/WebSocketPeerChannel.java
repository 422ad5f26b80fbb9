package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.PeerChannel;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Writes server messages to one socket without waiting: a slow or dead peer must not stall its room. What is
 * written but not yet taken by the kernel waits in Netty's buffer; past {@code maxOutboundBytes} the client is not
 * reading (a frozen tab, a closed TCP window, an attacker), so the socket is closed with 1013 {@code slow-consumer}
 * instead of buffering without bound. The peer is then away like any dropped one and resumes from its queue.
 */
final class WebSocketPeerChannel implements PeerChannel {
    static final int SLOW_CONSUMER = 1013;
    private static final Logger LOG = Logger.getLogger(WebSocketPeerChannel.class);
    private static final Buffer PING = Buffer.buffer("kaigi");
    private final ServerWebSocket socket;
    private final ConnectionBase connection;
    private final MessageCodec codec;
    private final long maxOutboundBytes;
    private final SignalingMetrics metrics;
    private final AtomicBoolean closing = new AtomicBoolean();

    WebSocketPeerChannel(ServerWebSocket socket, ConnectionBase connection, MessageCodec codec, long maxOutboundBytes,
            SignalingMetrics metrics) {
        this.socket = socket;
        this.connection = connection;
        this.codec = codec;
        this.maxOutboundBytes = maxOutboundBytes;
        this.metrics = metrics;
    }

    @Override
    public void send(ServerMessage message) {
        sendFrame(codec.encodeUtf8(message));
    }

    @Override
    public void sendFrame(String frame) {
        sendFrame(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendFrame(byte[] utf8) {
        if (!closing.get() && !socket.isClosed()) {
            write(utf8);
        }
    }

    /**
     * Writes a text frame's UTF-8 bytes through the connection's own write path (Vert.x internals), which keeps its
     * order and its flushing. Vert.x's public API writes a text frame only from a String, which it encodes again, and
     * makes two promises for every frame; a frame written with the connection's void promise costs neither, and
     * what the client has not taken is read from Netty's buffer, not counted by a listener (docs/benchmarks.md).
     */
    private void write(byte[] frame) {
        long unsent = unsentBytes();
        if (unsent + frame.length > maxOutboundBytes) {
            metrics.slowConsumer();
            LOG.debugf("closing a socket of %s: %d bytes not taken by the client", socket.remoteAddress(), unsent);
            close(SLOW_CONSUMER, "slow-consumer");
            return;
        }
        TextWebSocketFrame text = new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(frame));
        connection.writeToChannel(text, connection.voidPromise);
    }

    /** Bytes written to this socket and not yet taken by the kernel; 0 once it is closed. */
    long unsentBytes() {
        ChannelOutboundBuffer buffer = connection.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** The heartbeat's probe: a live client answers with a pong. */
    void ping() {
        if (!closing.get() && !socket.isClosed()) {
            socket.writePing(PING, ignored -> {
            });
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true) || socket.isClosed()) {
            return;
        }
        socket.close((short) code, reason, closed -> {
            if (closed.failed()) {
                LOG.debugf("close of a socket of %s failed: %s", socket.remoteAddress(), closed.cause().getMessage());
            }
        });
    }
}
