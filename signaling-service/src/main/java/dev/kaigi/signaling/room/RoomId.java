package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.ProtocolException;

/** A room name from the URL: 1–64 characters of {@code [A-Za-z0-9_-]}. */
public record RoomId(String value) {
    public RoomId {
        if (!isWellFormed(value)) {
            throw new ProtocolException(ErrorCode.BAD_ROOM,
                    "room ids are 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    /** Checked on every WebSocket upgrade, so a loop rather than a regex's matcher. */
    private static boolean isWellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
