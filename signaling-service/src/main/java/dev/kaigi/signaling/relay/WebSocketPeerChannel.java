package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.PeerChannel;
import dev.kaigi.signaling.room.QueuedBytes;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
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
    private final WebSocketConnection connection;
    private final MessageCodec codec;
    private final long maxOutboundBytes;
    private final SignalingMetrics metrics;
    private final QueuedBytes queued;
    private final AtomicLong outboundBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();

    WebSocketPeerChannel(WebSocketConnection connection, MessageCodec codec, long maxOutboundBytes,
            SignalingMetrics metrics, QueuedBytes queued) {
        this.queued = queued;
        this.connection = connection;
        this.codec = codec;
        this.maxOutboundBytes = maxOutboundBytes;
        this.metrics = metrics;
    }

    @Override
    public void send(ServerMessage message) {
        if (!closing.get() && !connection.isClosed()) {
            sendFrame(codec.encode(message));
        }
    }

    @Override
    public void sendFrame(String frame) {
        if (closing.get() || connection.isClosed()) {
            return;
        }
        // Characters, not bytes: close enough for a bound, and free to compute.
        long size = frame.length();
        if (outboundBytes.addAndGet(size) > maxOutboundBytes) {
            outboundBytes.addAndGet(-size);
            metrics.slowConsumer();
            LOG.debugf("closing %s: %d bytes not taken by the client", connection.id(), outboundBytes.get());
            close(SLOW_CONSUMER, "slow-consumer");
            return;
        }
        queued.add(size);
        connection.sendText(frame).subscribe().with(
                ok -> {
                    outboundBytes.addAndGet(-size);
                    queued.release(size);
                },
                failure -> {
                    outboundBytes.addAndGet(-size);
                    queued.release(size);
                    LOG.debugf("send to %s failed: %s", connection.id(), failure.getMessage());
                });
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true) || connection.isClosed()) {
            return;
        }
        connection.close(new CloseReason(code, reason)).subscribe().with(
                ok -> {
                },
                failure -> LOG.debugf("close of %s failed: %s", connection.id(), failure.getMessage()));
    }
}
