package dev.kaigi.credentials.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kaigi.credentials.CredentialsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.regex.Pattern;

/** Checks the join token the signaling service gave a peer: only peers in a room get TURN credentials. */
@ApplicationScoped
public class JoinTokenVerifier {
    static final String ISSUER = "kaigi-signaling";
    static final String AUDIENCE = "kaigi-turn";
    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Hs256Verifier tokens;
    private final Clock clock;

    public JoinTokenVerifier(CredentialsConfig config, Clock clock) {
        this.tokens = new Hs256Verifier(config.joinTokenSecret());
        this.clock = clock;
    }

    /** The verified peer; throws {@link Unauthorized} for a missing, malformed, forged or expired token. */
    public JoinedPeer verify(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Unauthorized.bearer("an 'Authorization: Bearer <join token>' header is required");
        }
        JsonNode claims = tokens.verify(authorizationHeader.substring(7).trim(), ISSUER, AUDIENCE,
                clock.instant().getEpochSecond());
        if (claims == null) {
            throw Unauthorized.bearer("the join token is invalid or expired; ask the signaling service for a new one");
        }
        String peerId = claims.path("sub").textValue();
        String room = claims.path("room").textValue();
        if (peerId == null || !PEER_ID.matcher(peerId).matches() || room == null) {
            throw Unauthorized.bearer("the join token does not name a peer and a room");
        }
        return new JoinedPeer(peerId, room);
    }

    public record JoinedPeer(String peerId, String room) {
    }
}
