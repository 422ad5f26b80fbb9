package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;

/** Where a peer's messages go: a WebSocket in production, a list in unit tests. Sending never blocks. */
public interface PeerChannel {
    void send(ServerMessage message);

    void close(int code, String reason);
}
