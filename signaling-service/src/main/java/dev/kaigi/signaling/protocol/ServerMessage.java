package dev.kaigi.signaling.protocol;

import java.util.List;

/**
 * Every message the server sends. {@code from} and timestamps are always stamped by the server. A null field is left
 * out of the frame ({@link ServerMessageWriter}); each type's wire name is in {@link MessageTypes}.
 */
public sealed interface ServerMessage {
    int PROTOCOL_VERSION = 1;

    record PeerInfo(String peerId, String name, MediaState state) {
    }

    /** A short-lived token the client shows the TURN credential service; expiresAt in unix seconds. */
    record TurnToken(String token, long expiresAt) {
    }

    /** A newcomer waiting in the lobby of a locked room. */
    record Knocker(String knockId, String name) {
    }

    /**
     * locked and lobby: the room's door, so a participant can answer knocks that came before it joined. offeredTo:
     * the peer the join's {@code offer} was relayed to (absent when the join had none or the room was empty).
     */
    record Welcome(int protocol, String room, String peerId, List<PeerInfo> peers, String resumeToken,
            TurnToken turn, boolean resumed, int dropped, boolean locked, List<Knocker> lobby, String offeredTo)
            implements ServerMessage {
    }

    /** To a newcomer: the room is locked; wait for a participant to admit you (then {@code welcome} follows). */
    record Knocking(String knockId) implements ServerMessage {
    }

    /** To the participants: someone is at the door. */
    record Knock(String knockId, String name) implements ServerMessage {
    }

    /**
     * To the participants: a knock is over. outcome: admitted, declined, withdrawn (the newcomer gave up), or
     * admitted with no {@code by} when the last participant left (nobody is left to ask).
     */
    record KnockEnded(String knockId, String outcome, String by) implements ServerMessage {
    }

    record RoomLock(boolean locked, String by) implements ServerMessage {
    }

    record PeerJoined(PeerInfo peer, boolean resumed) implements ServerMessage {
    }

    record PeerLeft(String peerId, LeaveReason reason) implements ServerMessage {
    }

    /**
     * seq numbers the content sent to one peer; a resuming client names the last one it saw. Null only in a
     * frame that is numbered later, per recipient (cluster mode appends it).
     */
    record SignalFrom(String from, RawJson data, Long seq) implements ServerMessage {
    }

    /** ts: server time in unix milliseconds. */
    record ChatFrom(String from, String text, long ts, Long seq) implements ServerMessage {
    }

    record PeerState(String peerId, MediaState state) implements ServerMessage {
    }

    record Tokens(TurnToken turn, String resumeToken) implements ServerMessage {
    }

    record Pong(long ts) implements ServerMessage {
    }

    /** {@code ref} names the message type that caused the error, when known. */
    record Error(ErrorCode code, String message, String ref) implements ServerMessage {
    }
}
