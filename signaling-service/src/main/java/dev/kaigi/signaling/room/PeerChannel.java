package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;

/** Where a peer's messages go: a WebSocket in production, a list in unit tests. Sending never blocks. */
public interface PeerChannel {
    void send(ServerMessage message);

    /** A frame already encoded, e.g. one that crossed replicas through Redis. */
    void sendFrame(String frame);

    /** A frame's UTF-8 bytes, as a resume queue keeps them; the array is shared with the queue and never changed. */
    void sendFrame(byte[] utf8);

    void close(int code, String reason);
}
