package dev.kaigi.signaling.room;

import dev.kaigi.signaling.protocol.ServerMessage;
import java.util.List;

/** Builds the welcome for a peer; the session adds its tokens, the registry supplies the roster. */
@FunctionalInterface
public interface WelcomeWriter {
    ServerMessage.Welcome write(String peerId, String name, List<ServerMessage.PeerInfo> others, boolean resumed,
            int dropped, Door door);
}
