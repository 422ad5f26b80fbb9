package dev.kaigi.signaling.relay;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sockets open on this instance and their sessions; also enforces the per-instance connection limit. */
@Singleton
public class LiveConnections {
    record Live(WebSocketConnection connection, PeerSession session) {
    }

    private final Map<String, Live> byConnectionId = new ConcurrentHashMap<>();

    /** False when the instance is at its limit; the caller refuses the connection. */
    synchronized boolean tryAdd(WebSocketConnection connection, PeerSession session, int limit) {
        if (byConnectionId.size() >= limit) {
            return false;
        }
        byConnectionId.put(connection.id(), new Live(connection, session));
        return true;
    }

    Live remove(String connectionId) {
        return byConnectionId.remove(connectionId);
    }

    Live get(String connectionId) {
        return byConnectionId.get(connectionId);
    }

    Collection<Live> all() {
        return byConnectionId.values();
    }

    public int size() {
        return byConnectionId.size();
    }
}
