package dev.kaigi.signaling.protocol;

/** A client did something the protocol forbids; it becomes an {@code error} frame to that client only. */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
