package dev.kaigi.credentials.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Ready to pass to {@code new RTCPeerConnection({iceServers})}; expiresAt is unix seconds. */
public record IceServers(List<IceServer> iceServers, long ttl, long expiresAt) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IceServer(List<String> urls, String username, String credential) {
    }
}
