package dev.kaigi.signaling.relay;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sockets open on this instance and their sessions; also enforces the per-instance connection limit. */
@Singleton
public class LiveConnections {
    record Live(WebSocketPeerChannel channel, PeerSession session) {
    }

    private final Map<WebSocketPeerChannel, Live> byChannel = new ConcurrentHashMap<>();

    /** False when the instance is at its limit; the caller refuses the connection. */
    synchronized boolean tryAdd(WebSocketPeerChannel channel, PeerSession session, int limit) {
        if (byChannel.size() >= limit) {
            return false;
        }
        byChannel.put(channel, new Live(channel, session));
        return true;
    }

    Live remove(WebSocketPeerChannel channel) {
        return byChannel.remove(channel);
    }

    boolean isOpen(WebSocketPeerChannel channel) {
        return byChannel.containsKey(channel);
    }

    Collection<Live> all() {
        return byChannel.values();
    }

    /** What the open sockets hold that their clients have not taken yet; visits every socket. */
    public long unsentBytes() {
        long unsent = 0;
        for (WebSocketPeerChannel channel : byChannel.keySet()) {
            unsent += channel.unsentBytes();
        }
        return unsent;
    }

    public int size() {
        return byChannel.size();
    }
}
