package dev.kaigi.signaling.protocol;

import static java.util.Map.entry;

import java.util.Map;
import java.util.stream.Collectors;

/** The wire name of every message type, in both directions: the {@code type} field of each frame. */
final class MessageTypes {
    static final Map<String, Class<? extends ClientMessage>> CLIENT = Map.ofEntries(
            entry("join", ClientMessage.Join.class),
            entry("resume", ClientMessage.Resume.class),
            entry("signal", ClientMessage.Signal.class),
            entry("chat", ClientMessage.Chat.class),
            entry("state", ClientMessage.State.class),
            entry("leave", ClientMessage.Leave.class),
            entry("ping", ClientMessage.Ping.class),
            entry("refresh-token", ClientMessage.RefreshToken.class),
            entry("ack", ClientMessage.Ack.class),
            entry("lock", ClientMessage.Lock.class),
            entry("admit", ClientMessage.Admit.class),
            entry("decline", ClientMessage.Decline.class));

    static final Map<Class<?>, String> CLIENT_NAMES = CLIENT.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    static final Map<Class<?>, String> SERVER = Map.ofEntries(
            entry(ServerMessage.Welcome.class, "welcome"),
            entry(ServerMessage.PeerJoined.class, "peer-joined"),
            entry(ServerMessage.PeerLeft.class, "peer-left"),
            entry(ServerMessage.SignalFrom.class, "signal"),
            entry(ServerMessage.ChatFrom.class, "chat"),
            entry(ServerMessage.PeerState.class, "peer-state"),
            entry(ServerMessage.Tokens.class, "token"),
            entry(ServerMessage.Pong.class, "pong"),
            entry(ServerMessage.Error.class, "error"),
            entry(ServerMessage.Knocking.class, "knocking"),
            entry(ServerMessage.Knock.class, "knock"),
            entry(ServerMessage.KnockEnded.class, "knock-ended"),
            entry(ServerMessage.RoomLock.class, "room-lock"));

    private MessageTypes() {
    }
}
