package dev.kaigi.signaling.protocol;

/** Stable, machine-readable error codes; docs/protocol.md lists each one. */
public enum ErrorCode implements WireName {
    BAD_JSON("bad-json"),
    BAD_MESSAGE("bad-message"),
    UNKNOWN_TYPE("unknown-type"),
    TOO_LARGE("too-large"),
    BAD_ROOM("bad-room"),
    ROOM_FULL("room-full"),
    UNKNOWN_PEER("unknown-peer"),
    NOT_JOINED("not-joined"),
    ALREADY_JOINED("already-joined"),
    RATE_LIMITED("rate-limited"),
    RESUME_FAILED("resume-failed"),
    QUEUE_FULL("queue-full"),
    SERVER_BUSY("server-busy"),
    TOO_MANY_CONNECTIONS("too-many-connections"),
    UNAVAILABLE("unavailable"),
    DECLINED("declined"),
    UNKNOWN_KNOCK("unknown-knock"),
    LOBBY_FULL("lobby-full");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
