package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.ClientMessage;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.PeerChannel;
import dev.kaigi.signaling.room.ResumeClaim;
import dev.kaigi.signaling.room.RoomId;
import dev.kaigi.signaling.room.RoomRegistry;
import dev.kaigi.signaling.room.WelcomeWriter;
import dev.kaigi.signaling.token.SessionTokens;
import java.time.Clock;

/**
 * One WebSocket connection's conversation: not joined until {@code join} or {@code resume}, then a peer of
 * its room. Every inbound frame is rate-limited, decoded, validated and dispatched here; every failure
 * becomes an {@code error} frame to this connection only.
 */
public final class PeerSession {
    private final RoomId room;
    private final PeerChannel channel;
    private final SessionServices services;
    private final TokenBucket budget;
    private volatile String peerId;
    private volatile String name;
    private volatile boolean finished;
    private volatile boolean dead;
    private volatile long lastHeardNanos;

    PeerSession(RoomId room, PeerChannel channel, SessionServices services) {
        this.room = room;
        this.channel = channel;
        this.services = services;
        this.lastHeardNanos = System.nanoTime();
        this.budget = new TokenBucket(services.config().rateLimit().burst(),
                services.config().rateLimit().perSecond(), lastHeardNanos);
    }

    /** Called for every inbound frame, pongs included, so a live but quiet socket is not taken for dead. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long silentNanos(long now) {
        return now - lastHeardNanos;
    }

    boolean isDead() {
        return dead;
    }

    /**
     * The heartbeat gave up on this socket. The peer goes away now rather than when the close handshake
     * times out, since a half-open socket never answers it.
     */
    void declareDead() {
        dead = true;
        String id = peerId;
        if (id != null && !finished) {
            finished = true;
            services.rooms().disconnect(room, id, channel, services.clock().instant());
        }
    }

    void onText(String frame) {
        heard();
        if (!budget.tryTake(lastHeardNanos)) {
            sendError(ErrorCode.RATE_LIMITED, "too many messages; slow down", null);
            return;
        }
        String type = null;
        try {
            ClientMessage message = services.codec().decode(frame);
            type = MessageCodec.typeOf(message);
            dispatch(message, frame.length());
            services.metrics().messageHandled(type);
        } catch (ProtocolException e) {
            sendError(e.code(), e.getMessage(), type);
            if (e.code() == ErrorCode.ROOM_FULL) {
                channel.close(1008, "room full");
            }
        }
    }

    private void dispatch(ClientMessage message, int frameLength) {
        RoomRegistry rooms = services.rooms();
        if (message instanceof ClientMessage.Join join) {
            requireNotJoined();
            name = join.displayName();
            peerId = rooms.join(room, name, channel, welcome());
        } else if (message instanceof ClientMessage.Resume resume) {
            requireNotJoined();
            ResumeClaim claim = services.tokens().verifyResume(room, resume.peerId(), resume.resumeToken(),
                    resume.lastSeq());
            rooms.resume(room, claim, channel, welcome());
            name = claim.name();
            peerId = claim.peerId();
        } else if (message instanceof ClientMessage.Ping) {
            channel.send(new ServerMessage.Pong(services.clock().millis()));
        } else if (message instanceof ClientMessage.Signal signal) {
            rooms.relaySignal(room, requireJoined(), signal.to(), signal.data(), frameLength);
        } else if (message instanceof ClientMessage.Chat chat) {
            rooms.chat(room, requireJoined(), chat.text(), services.clock().instant());
        } else if (message instanceof ClientMessage.State state) {
            rooms.updateState(room, requireJoined(), state.toMediaState());
        } else if (message instanceof ClientMessage.RefreshToken) {
            String id = requireJoined();
            channel.send(new ServerMessage.Tokens(services.tokens().turnToken(room, id),
                    services.tokens().resumeToken(room, id, name)));
        } else if (message instanceof ClientMessage.Leave) {
            String id = requireJoined();
            finished = true;
            rooms.leave(room, id, channel, LeaveReason.LEFT);
            channel.close(1000, "left");
        }
    }

    private WelcomeWriter welcome() {
        SessionTokens tokens = services.tokens();
        return (id, peerName, others, resumed, dropped) -> new ServerMessage.Welcome(
                ServerMessage.PROTOCOL_VERSION, room.value(), id, others, tokens.resumeToken(room, id, peerName),
                tokens.turnToken(room, id), resumed, dropped);
    }

    /** The socket is gone. A normal close (1000, 1001) is a goodbye; anything else may resume within the grace. */
    void onClosed(int code) {
        String id = peerId;
        if (id == null || finished) {
            return;
        }
        finished = true;
        if (code == 1000 || code == 1001) {
            services.rooms().leave(room, id, channel, LeaveReason.CLOSED);
        } else {
            services.rooms().disconnect(room, id, channel, services.clock().instant());
        }
    }

    private void requireNotJoined() {
        if (peerId != null) {
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this connection has already joined as " + peerId);
        }
    }

    private String requireJoined() {
        String id = peerId;
        if (id == null) {
            throw new ProtocolException(ErrorCode.NOT_JOINED, "send 'join' or 'resume' first");
        }
        return id;
    }

    void sendError(ErrorCode code, String message, String ref) {
        services.metrics().error(code);
        channel.send(new ServerMessage.Error(code, message, ref));
    }
}
