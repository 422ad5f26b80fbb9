package dev.kaigi.signaling.web;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.protocol.ServerMessage;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/** {@code GET /config.json}: runtime settings for the web UI. */
public class UiConfigRoute {
    public record ClientConfig(int protocol, String credentialServiceUrl, int maxPeersPerRoom, int maxChatLength) {
    }

    private final ClientConfig body;

    public UiConfigRoute(UiConfig ui, SignalingConfig signaling) {
        this.body = new ClientConfig(ServerMessage.PROTOCOL_VERSION, ui.credentialServiceUrl().orElse(""),
                signaling.maxPeersPerRoom(), signaling.maxChatLength());
    }

    void register(@Observes Router router) {
        router.get("/config.json").handler(context -> JsonResponses.send(context, 200, body));
    }
}
