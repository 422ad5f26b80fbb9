package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.List;

/** A room's door as a newcomer's welcome shows it: locked or not, and who is knocking. */
public record Door(boolean locked, List<ServerMessage.Knocker> lobby) {
    static final Door OPEN = new Door(false, List.of());
    static final Door LOCKED_EMPTY = new Door(true, List.of());
}
