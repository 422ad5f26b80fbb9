package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

public enum LeaveReason {
    /** The client sent {@code leave}. */
    LEFT("left"),
    /** The client closed its socket normally (tab closed, navigated away). */
    CLOSED("closed"),
    /** The socket dropped or went silent and the peer did not resume within the grace period. */
    TIMEOUT("timeout");

    private final String wireName;

    LeaveReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
