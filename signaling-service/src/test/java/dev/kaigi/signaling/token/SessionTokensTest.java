package dev.kaigi.signaling.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.RoomId;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionTokensTest {
    private static final RoomId ROOM = new RoomId("tokens");

    @Inject
    SessionTokens tokens;

    @Inject
    JoinTokenConfig joinConfig;

    /** The same checks the credential service applies: HS256, shared secret, issuer, audience. */
    private JsonWebToken asCredentialServiceReadsIt(String token) throws Exception {
        return StandardJwtReader.read(token, joinConfig.secret(), SessionTokens.TURN_AUDIENCE);
    }

    @Test
    void turnTokenVerifiesUnderTheCredentialServicesRules() throws Exception {
        String peerId = PeerIds.random();
        ServerMessage.TurnToken turn = tokens.turnToken(ROOM, peerId);
        JsonWebToken jwt = asCredentialServiceReadsIt(turn.token());
        assertEquals(peerId, jwt.getSubject());
        assertEquals("tokens", jwt.getClaim("room"));
        assertEquals(turn.expiresAt(), jwt.getExpirationTime());
        assertTrue(turn.expiresAt() > Instant.now().getEpochSecond());
    }

    @Test
    void networkCheckTokenNamesAFreshWouldBePeerAndLivesTwoMinutesAtMost() throws Exception {
        ServerMessage.TurnToken check = tokens.networkCheckToken(ROOM);
        JsonWebToken jwt = asCredentialServiceReadsIt(check.token());
        assertTrue(PeerIds.isWellFormed(jwt.getSubject()), jwt.getSubject());
        assertEquals("tokens", jwt.getClaim("room"));
        long now = Instant.now().getEpochSecond();
        assertTrue(check.expiresAt() > now && check.expiresAt() <= now + 120, "expires at " + check.expiresAt());
        assertTrue(!jwt.getSubject().equals(asCredentialServiceReadsIt(tokens.networkCheckToken(ROOM).token())
                .getSubject()), "each check gets its own id");
    }

    @Test
    void resumeTokenRoundTripsForItsPeerAndRoomOnly() {
        String peerId = PeerIds.random();
        String token = tokens.resumeToken(ROOM, peerId, "Ann");
        assertEquals("Ann", tokens.verifyResume(ROOM, peerId, token, 5).name());
        assertEquals(ErrorCode.RESUME_FAILED, assertThrows(ProtocolException.class,
                () -> tokens.verifyResume(new RoomId("other"), peerId, token, 0)).code());
        assertEquals(ErrorCode.RESUME_FAILED, assertThrows(ProtocolException.class,
                () -> tokens.verifyResume(ROOM, PeerIds.random(), token, 0)).code());
    }

    @Test
    void turnTokenIsNotAcceptedAsResumeToken() {
        String peerId = PeerIds.random();
        String turnToken = tokens.turnToken(ROOM, peerId).token();
        assertEquals(ErrorCode.RESUME_FAILED, assertThrows(ProtocolException.class,
                () -> tokens.verifyResume(ROOM, peerId, turnToken, 0)).code());
    }
}
