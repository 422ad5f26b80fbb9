package dev.kaigi.signaling.token;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.ResumeClaim;
import dev.kaigi.signaling.room.RoomId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/**
 * Issues the two HS256 tokens of a session: the join token (for TURN credentials, verified by the credential
 * service) and the resume token (verified here, even by a freshly restarted process).
 */
@Singleton
public class SessionTokens {
    public static final String ISSUER = "kaigi-signaling";
    public static final String TURN_AUDIENCE = "kaigi-turn";
    static final String RESUME_AUDIENCE = "kaigi-resume";
    static final long NETWORK_CHECK_TTL_SECONDS = 120;

    private final JoinTokenConfig joinConfig;
    private final SignalingConfig.Resume resumeConfig;
    private final Hs256Jwt joinKey;
    private final Hs256Jwt resumeKey;
    private final Clock clock;

    public SessionTokens(JoinTokenConfig joinConfig, SignalingConfig config, Clock clock) {
        this.joinConfig = joinConfig;
        this.resumeConfig = config.resume();
        this.clock = clock;
        this.joinKey = new Hs256Jwt(joinConfig.secret());
        this.resumeKey = new Hs256Jwt(resumeConfig.secret());
    }

    public ServerMessage.TurnToken turnToken(RoomId room, String peerId) {
        return joinToken(room, peerId, joinConfig.ttl().toSeconds());
    }

    /**
     * A join token for the pre-join network check: a fresh peer id that is not (yet) in the room, so the check can
     * allocate on each TURN server before the user joins. Short-lived; the caller rate-limits it like a join.
     */
    public ServerMessage.TurnToken networkCheckToken(RoomId room) {
        return joinToken(room, PeerIds.random(), Math.min(joinConfig.ttl().toSeconds(), NETWORK_CHECK_TTL_SECONDS));
    }

    private ServerMessage.TurnToken joinToken(RoomId room, String peerId, long ttlSeconds) {
        long now = clock.instant().getEpochSecond();
        long expires = now + ttlSeconds;
        TokenClaims claims = new TokenClaims(ISSUER, TURN_AUDIENCE, peerId, room.value(), now, expires, null);
        return new ServerMessage.TurnToken(joinKey.sign(claims), expires);
    }

    public String resumeToken(RoomId room, String peerId, String name) {
        long now = clock.instant().getEpochSecond();
        return resumeKey.sign(new TokenClaims(ISSUER, RESUME_AUDIENCE, peerId, room.value(), now,
                now + resumeConfig.tokenTtl().toSeconds(), name));
    }

    /** Verifies signature, expiry, audience, and that the token was issued for this peer in this room. */
    public ResumeClaim verifyResume(RoomId room, String peerId, String token, long lastSeq) {
        Map<String, Object> claims = resumeKey.verify(token, ISSUER, RESUME_AUDIENCE, clock.instant().getEpochSecond());
        if (claims == null) {
            throw new ProtocolException(ErrorCode.RESUME_FAILED, "resume token is invalid or expired; join again");
        }
        if (!peerId.equals(claims.get("sub")) || !room.value().equals(claims.get("room"))) {
            throw new ProtocolException(ErrorCode.RESUME_FAILED, "resume token belongs to another peer or room");
        }
        if (!(claims.get("name") instanceof String name)) {
            throw new ProtocolException(ErrorCode.RESUME_FAILED, "resume token has no name; join again");
        }
        return new ResumeClaim(peerId, name, lastSeq);
    }
}
