package dev.kaigi.signaling.web;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.protocol.ServerMessage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /config.json}: runtime settings for the web UI. */
@Path("/config.json")
public class UiConfigResource {
    public record ClientConfig(int protocol, String credentialServiceUrl, int maxPeersPerRoom, int maxChatLength) {
    }

    private final ClientConfig body;

    public UiConfigResource(UiConfig ui, SignalingConfig signaling) {
        this.body = new ClientConfig(ServerMessage.PROTOCOL_VERSION, ui.credentialServiceUrl().orElse(""),
                signaling.maxPeersPerRoom(), signaling.maxChatLength());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ClientConfig get() {
        return body;
    }
}
