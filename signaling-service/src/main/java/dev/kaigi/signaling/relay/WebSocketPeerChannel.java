package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.PeerChannel;
import dev.kaigi.signaling.room.QueuedBytes;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes server messages to one socket without waiting: a slow or dead peer must not stall its room. What is
 * written but not yet taken by the kernel is counted; past {@code maxOutboundBytes} the client is not reading
 * (a frozen tab, a closed TCP window, an attacker), so the socket is closed with 1013 {@code slow-consumer}
 * instead of buffering without bound. The peer is then away like any dropped one and resumes from its queue.
 */
final class WebSocketPeerChannel implements PeerChannel {
    static final int SLOW_CONSUMER = 1013;
    private static final Logger LOG = Logger.getLogger(WebSocketPeerChannel.class);
    private static final Buffer PING = Buffer.buffer("kaigi");
    private final ServerWebSocket socket;
    private final MessageCodec codec;
    private final long maxOutboundBytes;
    private final SignalingMetrics metrics;
    private final QueuedBytes queued;
    private final AtomicLong outboundBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();

    WebSocketPeerChannel(ServerWebSocket socket, MessageCodec codec, long maxOutboundBytes, SignalingMetrics metrics,
            QueuedBytes queued) {
        this.socket = socket;
        this.codec = codec;
        this.maxOutboundBytes = maxOutboundBytes;
        this.metrics = metrics;
        this.queued = queued;
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
     * Writes a text frame's UTF-8 bytes. Vert.x's public API writes a text frame only from a String, which it encodes
     * again; its own frame class (what that API builds) takes the bytes, so a relayed signal is encoded only once.
     */
    private void write(byte[] frame) {
        long size = frame.length;
        if (outboundBytes.addAndGet(size) > maxOutboundBytes) {
            outboundBytes.addAndGet(-size);
            metrics.slowConsumer();
            LOG.debugf("closing a socket of %s: %d bytes not taken by the client", socket.remoteAddress(),
                    outboundBytes.get());
            close(SLOW_CONSUMER, "slow-consumer");
            return;
        }
        queued.add(size);
        WebSocketFrameImpl text = new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(frame), true);
        socket.writeFrame(text, written -> {
            outboundBytes.addAndGet(-size);
            queued.release(size);
            if (written.failed()) {
                LOG.debugf("send to %s failed: %s", socket.remoteAddress(), written.cause().getMessage());
            }
        });
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
