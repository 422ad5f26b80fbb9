package dev.kaigi.signaling.token;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.ResumeClaim;
import dev.kaigi.signaling.room.RoomId;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Issues the two HS256 tokens of a session: the join token (for TURN credentials, verified by the credential
 * service) and the resume token (verified here, even by a freshly restarted process).
 */
@ApplicationScoped
public class SessionTokens {
    public static final String ISSUER = "kaigi-signaling";
    public static final String TURN_AUDIENCE = "kaigi-turn";
    static final String RESUME_AUDIENCE = "kaigi-resume";

    private final JoinTokenConfig joinConfig;
    private final SignalingConfig.Resume resumeConfig;
    private final SecretKey joinKey;
    private final SecretKey resumeKey;
    private final DefaultJWTParser resumeParser;
    private final Clock clock;

    public SessionTokens(JoinTokenConfig joinConfig, SignalingConfig config, Clock clock) {
        this.joinConfig = joinConfig;
        this.resumeConfig = config.resume();
        this.clock = clock;
        this.joinKey = hmacKey(joinConfig.secret());
        this.resumeKey = hmacKey(resumeConfig.secret());
        this.resumeParser = new DefaultJWTParser(resumeVerification(resumeKey));
    }

    public ServerMessage.TurnToken turnToken(RoomId room, String peerId) {
        Instant expires = clock.instant().plus(joinConfig.ttl());
        String token = Jwt.issuer(ISSUER)
                .audience(TURN_AUDIENCE)
                .subject(peerId)
                .claim("room", room.value())
                .issuedAt(clock.instant())
                .expiresAt(expires)
                .sign(joinKey);
        return new ServerMessage.TurnToken(token, expires.getEpochSecond());
    }

    public String resumeToken(RoomId room, String peerId, String name) {
        return Jwt.issuer(ISSUER)
                .audience(RESUME_AUDIENCE)
                .subject(peerId)
                .claim("room", room.value())
                .claim("name", name)
                .issuedAt(clock.instant())
                .expiresAt(clock.instant().plus(resumeConfig.tokenTtl()))
                .sign(resumeKey);
    }

    /** Verifies signature, expiry, audience, and that the token was issued for this peer in this room. */
    public ResumeClaim verifyResume(RoomId room, String peerId, String token, long lastSeq) {
        JsonWebToken jwt;
        try {
            jwt = resumeParser.parse(token);
        } catch (ParseException e) {
            throw new ProtocolException(ErrorCode.RESUME_FAILED, "resume token is invalid or expired; join again");
        }
        if (!peerId.equals(jwt.getSubject()) || !room.value().equals(jwt.getClaim("room"))) {
            throw new ProtocolException(ErrorCode.RESUME_FAILED, "resume token belongs to another peer or room");
        }
        return new ResumeClaim(peerId, jwt.getClaim("name"), lastSeq);
    }

    private static JWTAuthContextInfo resumeVerification(SecretKey key) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setSecretVerificationKey(key);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        info.setIssuedBy(ISSUER);
        info.setExpectedAudience(Set.of(RESUME_AUDIENCE));
        info.setClockSkew(0);
        return info;
    }

    private static SecretKey hmacKey(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
