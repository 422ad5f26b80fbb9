package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.protocol.ProtocolException;

/** A room name from the URL: 1–64 characters of {@code [A-Za-z0-9_-]}. */
public record RoomId(String value) {
    public RoomId {
        if (!PeerIds.isUrlSafe(value, 1, 64)) {
            throw new ProtocolException(ErrorCode.BAD_ROOM,
                    "room ids are 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
