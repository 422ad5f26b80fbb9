package dev.kaigi.credentials.auth;

import dev.kaigi.credentials.CredentialsConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Checks the join token the signaling service gave a peer: only peers in a room get TURN credentials. */
@ApplicationScoped
public class JoinTokenVerifier {
    static final String ISSUER = "kaigi-signaling";
    static final String AUDIENCE = "kaigi-turn";
    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final DefaultJWTParser parser;

    public JoinTokenVerifier(CredentialsConfig config) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setSecretVerificationKey(
                new SecretKeySpec(config.joinTokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        info.setIssuedBy(ISSUER);
        info.setExpectedAudience(Set.of(AUDIENCE));
        info.setClockSkew(0);
        this.parser = new DefaultJWTParser(info);
    }

    /** The verified peer; throws {@link Unauthorized} for a missing, malformed, forged or expired token. */
    public JoinedPeer verify(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Unauthorized.bearer("an 'Authorization: Bearer <join token>' header is required");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(authorizationHeader.substring(7).trim());
        } catch (ParseException e) {
            throw Unauthorized.bearer("the join token is invalid or expired; ask the signaling service for a new one");
        }
        String peerId = jwt.getSubject();
        String room = jwt.getClaim("room");
        if (peerId == null || !PEER_ID.matcher(peerId).matches() || room == null) {
            throw Unauthorized.bearer("the join token does not name a peer and a room");
        }
        return new JoinedPeer(peerId, room);
    }

    public record JoinedPeer(String peerId, String room) {
    }
}
