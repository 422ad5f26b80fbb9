package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.SignalingConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * The WebSocket layer's limits. The hard cap on a frame and a message: a frame above it is refused by Netty from its
 * header, a message of fragments past it by {@link MessageAssembler}, and the socket is closed with 1009; between
 * {@code max-frame-bytes} and this cap a message gets a typed {@code too-large} error. And no compression: every
 * browser offers permessage-deflate, and under websockets-next, which accepted it, the zlib state of a compressed
 * socket cost ≈ 70–110 KiB of native memory per socket (docs/benchmarks.md), for messages too small and rare to gain
 * from it. Our route's upgrade declines it even without these two settings (Vert.x's defaults are on, so they are
 * what keeps it off should a Quarkus or Vert.x change start to honour them there); {@code SignalingSocketTest} checks
 * the handshake itself.
 */
@Singleton
public class WebSocketLimits implements HttpServerOptionsCustomizer {
    private final int cap;

    public WebSocketLimits(SignalingConfig config) {
        this.cap = config.maxSocketMessageBytes();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(cap).setMaxWebSocketMessageSize(cap)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
    }
}
