package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/** A channel that keeps what it was sent, for registry tests. */
final class RecordingChannel implements PeerChannel {
    final List<ServerMessage> sent = new ArrayList<>();
    int closedWith;

    @Override
    public void send(ServerMessage message) {
        sent.add(message);
    }

    @Override
    public void close(int code, String reason) {
        closedWith = code;
    }

    <T extends ServerMessage> List<T> of(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void clear() {
        sent.clear();
    }
}
