package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.SignalingConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * The WebSocket layer's hard cap on a frame and a message: above it the socket is closed with 1009 before the
 * message is assembled. Between {@code max-frame-bytes} and this cap a frame gets a typed {@code too-large} error.
 */
@Singleton
public class WebSocketLimits implements HttpServerOptionsCustomizer {
    private final int cap;

    public WebSocketLimits(SignalingConfig config) {
        this.cap = config.maxSocketMessageBytes();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(cap).setMaxWebSocketMessageSize(cap);
    }
}
