package dev.kaigi.signaling.protocol;

public enum LeaveReason implements WireName {
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

    @Override
    public String wireName() {
        return wireName;
    }
}
