package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.ClientMessage;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.RawJson;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.room.Knock;
import dev.kaigi.signaling.room.PeerChannel;
import dev.kaigi.signaling.room.RoomId;
import dev.kaigi.signaling.room.RoomRegistry;
import dev.kaigi.signaling.room.WelcomeWriter;
import dev.kaigi.signaling.token.SessionTokens;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One WebSocket connection's conversation: not joined until {@code join} or {@code resume}, then a peer of
 * its room. Every inbound frame is rate-limited, decoded, validated and dispatched here; every failure
 * becomes an {@code error} frame to this connection only. Registry operations may complete later (cluster
 * mode waits for Redis), so this session runs them one after another: a sender's messages stay in order and a
 * close is handled after the join before it.
 */
public final class PeerSession {
    private static final Logger LOG = Logger.getLogger(PeerSession.class);
    /** Frames accepted but not yet handled; more means the registry is not keeping up with this client. */
    private static final int MAX_PENDING = 64;
    /** How long before its upgrade a socket's "last message" lies until it sends one (nanoTime may be negative). */
    private static final long NEVER_NANOS = Long.MAX_VALUE / 4;

    private final String address;
    private final RoomId room;
    private final PeerChannel channel;
    private final SessionServices services;
    private final TokenBucket budget;
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private CompletionStage<Void> tail = DONE;
    private int pending;
    private volatile String peerId;
    private volatile String name;
    /** Set while this newcomer waits in the lobby of a locked room. */
    private volatile Knock knocking;
    /** The join's offer until the welcome, and the peer that welcome named for it (see {@link #welcome()}). */
    private volatile RawJson opening;
    private volatile String openingTo;
    private volatile boolean finished;
    private volatile boolean dead;
    /** When the client last sent a message (text or binary); long before the upgrade until its first. */
    private volatile long lastMessageNanos;
    /** When it last answered a ping, or upgraded. */
    private volatile long lastPongNanos;

    PeerSession(RoomId room, PeerChannel channel, SessionServices services, String address) {
        this.address = address;
        this.room = room;
        this.channel = channel;
        this.services = services;
        this.lastPongNanos = System.nanoTime();
        this.lastMessageNanos = lastPongNanos - NEVER_NANOS;
        this.budget = new TokenBucket(services.config().rateLimit().burst(),
                services.config().rateLimit().perSecond(), lastPongNanos);
    }

    /** A message came in: the client is alive. Returns when, for the rate limit. */
    long heardMessage() {
        long now = System.nanoTime();
        lastMessageNanos = now;
        return now;
    }

    /** A pong came in: a live but quiet socket is not taken for dead. */
    void heardPong() {
        lastPongNanos = System.nanoTime();
    }

    /** How long nothing came in: no message and no pong. */
    long silentNanos(long now) {
        long message = lastMessageNanos;
        long pong = lastPongNanos;
        return now - (message - pong > 0 ? message : pong);
    }

    /** Whether the client sent a message within the last {@code nanos}: pings are only for quiet sockets. */
    boolean spokeWithin(long now, long nanos) {
        return now - lastMessageNanos < nanos;
    }

    boolean isDead() {
        return dead;
    }

    String peerId() {
        return peerId;
    }

    /** The client's address, for the per-address caps. */
    String address() {
        return address;
    }

    /**
     * The heartbeat gave up on this socket. The peer goes away now rather than when the close handshake
     * times out, since a half-open socket never answers it.
     */
    void declareDead() {
        dead = true;
        then(() -> {
            String id = peerId;
            if (id == null || finished) {
                return withdrawKnock();
            }
            finished = true;
            return services.rooms().disconnect(room, id, channel, services.clock().instant());
        });
    }

    /** A text message, as the UTF-8 bytes it came in. */
    void onText(byte[] frame) {
        if (!budget.tryTake(heardMessage())) {
            sendError(ErrorCode.RATE_LIMITED, "too many messages; slow down", null);
            return;
        }
        ClientMessage message;
        try {
            message = services.codec().decode(frame);
        } catch (ProtocolException e) {
            sendError(e.code(), e.getMessage(), null);
            return;
        }
        String type = MessageCodec.typeOf(message);
        synchronized (this) {
            if (pending >= MAX_PENDING) {
                sendError(ErrorCode.SERVER_BUSY, "the server is behind on this connection; slow down", type);
                return;
            }
            pending++;
        }
        then(() -> whenHandled(dispatchSafely(message, frame.length), type));
    }

    /**
     * Counts the message once its step is done, or reports the step's failure. In memory the step is done already, so
     * the relay's hot path chains no stage and allocates no future.
     */
    private CompletionStage<?> whenHandled(CompletionStage<?> step, String type) {
        CompletableFuture<?> future = step.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            handled(null, type);
            return DONE;
        }
        return future.handle((ok, failure) -> {
            handled(failure, type);
            return null;
        });
    }

    private void handled(Throwable failure, String type) {
        synchronized (this) {
            pending--;
        }
        if (failure == null) {
            services.metrics().messageHandled(type);
        } else {
            report(failure, type);
        }
    }

    /** Runs {@code step} after everything queued before it; a step never fails the chain. */
    private synchronized void then(Supplier<CompletionStage<?>> step) {
        CompletionStage<Void> next;
        if (tail == DONE) {
            // Nothing queued (always so in memory, where every step completes at once): no chaining needed.
            CompletableFuture<?> result = start(step).toCompletableFuture();
            if (result.isDone()) {
                if (result.isCompletedExceptionally()) {
                    result.whenComplete(this::reportFailure);
                }
                return;
            }
            next = result.handle(this::reportFailure);
        } else {
            next = tail.thenCompose(ignored -> start(step)).handle(this::reportFailure);
        }
        tail = next;
        next.whenComplete((ok, failure) -> caughtUp(next));
    }

    /** When the last queued step is done, the next one may start at once again. */
    private synchronized void caughtUp(CompletionStage<Void> finished) {
        if (tail == finished) {
            tail = DONE;
        }
    }

    private static CompletionStage<?> start(Supplier<CompletionStage<?>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Void reportFailure(Object ok, Throwable failure) {
        if (failure != null) {
            report(failure, null);
        }
        return null;
    }

    /** A check that fails before any registry call still answers with the message's type as {@code ref}. */
    private CompletionStage<?> dispatchSafely(ClientMessage message, int frameLength) {
        try {
            return dispatch(message, frameLength);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<?> dispatch(ClientMessage message, int frameLength) {
        RoomRegistry rooms = services.rooms();
        if (message instanceof ClientMessage.Join join) {
            requireNotJoined();
            requireJoinAllowance();
            if (services.queued().isOver()) {
                // Those already in rooms come first: a newcomer waits until memory is back under the bound.
                throw new ProtocolException(ErrorCode.SERVER_BUSY, "this server is at its memory limit; try again later");
            }
            String joinName = join.displayName();
            opening = join.offer();
            String knockId = PeerIds.random();
            return enter(joinName, new Knock(knockId, admitted -> answered(knockId, admitted)));
        } else if (message instanceof ClientMessage.Resume resume) {
            requireNotJoined();
            requireJoinAllowance();
            var claim = services.tokens().verifyResume(room, resume.peerId(), resume.resumeToken(), resume.lastSeq());
            return rooms.resume(room, claim, channel, welcome()).thenRun(() -> {
                name = claim.name();
                peerId = claim.peerId();
            });
        } else if (message instanceof ClientMessage.Ping) {
            channel.send(new ServerMessage.Pong(services.clock().millis()));
            return done();
        } else if (message instanceof ClientMessage.Signal signal) {
            return rooms.relaySignal(room, requireJoined(), signal.to(), signal.data(), frameLength, channel,
                    signal.ack());
        } else if (message instanceof ClientMessage.Chat chat) {
            return rooms.chat(room, requireJoined(), chat.text(), services.clock().instant());
        } else if (message instanceof ClientMessage.State state) {
            return rooms.updateState(room, requireJoined(), state.toMediaState());
        } else if (message instanceof ClientMessage.Ack ack) {
            return rooms.acknowledge(room, requireJoined(), channel, ack.seq());
        } else if (message instanceof ClientMessage.RefreshToken) {
            String id = requireJoined();
            channel.send(new ServerMessage.Tokens(services.tokens().turnToken(room, id),
                    services.tokens().resumeToken(room, id, name)));
            return done();
        } else if (message instanceof ClientMessage.Lock lock) {
            return rooms.lock(room, requireJoined(), lock.locked());
        } else if (message instanceof ClientMessage.Admit admit) {
            return rooms.answer(room, requireJoined(), admit.knockId(), true);
        } else if (message instanceof ClientMessage.Decline decline) {
            return rooms.answer(room, requireJoined(), decline.knockId(), false);
        } else if (message instanceof ClientMessage.Leave) {
            String id = requireJoined();
            finished = true;
            return rooms.leave(room, id, channel, LeaveReason.LEFT).whenComplete((ok, failure) -> {
                if (failure == null) {
                    channel.close(1000, "left");
                }
            });
        }
        throw new IllegalStateException("no dispatch for " + message);
    }

    /** Joins, or knocks when the room is locked (the registry then completes with no id). */
    private CompletionStage<Void> enter(String joinName, Knock knock) {
        return services.rooms().join(room, joinName, channel, welcome(), knock).thenCompose(id -> {
            name = joinName;
            knocking = id == null ? knock : null;
            peerId = id;
            return id == null ? done() : relayOpening(id);
        });
    }

    /**
     * The join's offer goes to the peer its welcome named, after the peer-joined that told that peer of us. If that
     * peer has left meanwhile, its peer-left tells the newcomer; the newcomer's join itself succeeded either way.
     */
    private CompletionStage<Void> relayOpening(String id) {
        RawJson offer = opening;
        String to = openingTo;
        opening = null;
        openingTo = null;
        if (offer == null || to == null) {
            return done();
        }
        return services.rooms().relaySignal(room, id, to, offer, offer.length()).exceptionally(failure -> {
            LOG.debugf("opening offer from %s to %s not relayed: %s", id, to, failure.getMessage());
            return null;
        });
    }

    /** A participant answered this newcomer's knock (or the last one left, which lets it in). */
    private void answered(String knockId, boolean admitted) {
        then(() -> {
            Knock knock = knocking;
            if (knock == null || !knock.id().equals(knockId) || finished) {
                return done(); // the newcomer gave up meanwhile
            }
            if (admitted) {
                return enter(name, knock);
            }
            knocking = null;
            finished = true;
            sendError(ErrorCode.DECLINED, "a participant declined to let you in", "join");
            channel.close(1008, "declined");
            return done();
        });
    }

    /**
     * The welcome is where the roster is known, so it is also where the join's offer finds its peer: the first one
     * listed. {@link #relayOpening} sends it once the join is done.
     */
    private WelcomeWriter welcome() {
        SessionTokens tokens = services.tokens();
        return (id, peerName, others, resumed, dropped, door) -> {
            openingTo = opening != null && !resumed && !others.isEmpty() ? others.get(0).peerId() : null;
            return new ServerMessage.Welcome(ServerMessage.PROTOCOL_VERSION, room.value(), id, others,
                    tokens.resumeToken(room, id, peerName), tokens.turnToken(room, id), resumed, dropped,
                    door.locked(), door.lobby(), openingTo);
        };
    }

    /** A newcomer still in the lobby when its socket goes: its knock is withdrawn. */
    private CompletionStage<?> withdrawKnock() {
        Knock waiting = knocking;
        knocking = null;
        return waiting == null ? done() : services.rooms().withdraw(room, waiting.id());
    }

    /** The socket is gone. A normal close (1000, 1001) is a goodbye; anything else may resume within the grace. */
    void onClosed(int code) {
        then(() -> {
            String id = peerId;
            if (id == null || finished) {
                return withdrawKnock();
            }
            finished = true;
            if (code == 1000 || code == 1001) {
                return services.rooms().leave(room, id, channel, LeaveReason.CLOSED);
            }
            return services.rooms().disconnect(room, id, channel, services.clock().instant());
        });
    }

    private void requireNotJoined() {
        if (peerId != null) {
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this connection has already joined as " + peerId);
        }
        if (knocking != null) {
            // Joining again would not get past the lobby: the knock already waits for an answer.
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this connection is already knocking; wait for an answer");
        }
    }

    private void requireJoinAllowance() {
        if (!services.addresses().tryJoin(address)) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many joins from your address; try again in a minute");
        }
    }

    private String requireJoined() {
        String id = peerId;
        if (id == null) {
            throw new ProtocolException(ErrorCode.NOT_JOINED, knocking != null
                    ? "you are waiting in the lobby until a participant lets you in" : "send 'join' or 'resume' first");
        }
        return id;
    }

    private void report(Throwable failure, String type) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ProtocolException e) {
            sendError(e.code(), e.getMessage(), type);
            boolean entering = "join".equals(type) || "resume".equals(type);
            if (e.code() == ErrorCode.ROOM_FULL) {
                channel.close(1008, "room full");
            } else if (e.code() == ErrorCode.UNAVAILABLE && entering) {
                // Nothing to keep this socket for: the client retries with backoff, maybe on another replica.
                channel.close(1013, "unavailable");
            }
        } else {
            LOG.errorf(cause, "unexpected failure handling %s", type);
            sendError(ErrorCode.UNAVAILABLE, "internal error; try again", type);
        }
    }

    void sendError(ErrorCode code, String message, String ref) {
        services.metrics().error(code);
        channel.send(new ServerMessage.Error(code, message, ref));
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
