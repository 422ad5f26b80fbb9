package dev.kaigi.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class RoomIdTest {
    @Test
    void acceptsUrlSafeIdsUpTo64Characters() {
        assertEquals("a", new RoomId("a").value());
        assertEquals("Team_Sync-42", new RoomId("Team_Sync-42").value());
        new RoomId("x".repeat(64));
    }

    @Test
    void refusesEverythingElseAsBadRoom() {
        for (String bad : new String[] {null, "", "x".repeat(65), "a b", "a/b", "ä", "a.b", "../etc"}) {
            assertEquals(ErrorCode.BAD_ROOM, assertThrows(ProtocolException.class, () -> new RoomId(bad)).code());
        }
    }
}
