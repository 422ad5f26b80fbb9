package dev.kaigi.signaling.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kaigi.signaling.protocol.RawJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MediaState;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import dev.kaigi.signaling.room.Door;
import dev.kaigi.signaling.room.Knock;
import dev.kaigi.signaling.room.PeerChannel;
import dev.kaigi.signaling.room.ResumeClaim;
import dev.kaigi.signaling.room.RoomId;
import dev.kaigi.signaling.room.RoomRegistry;
import dev.kaigi.signaling.room.WelcomeWriter;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Rooms shared by every replica through Redis. Membership, names, media state, the per-peer {@code seq} counter
 * and resume queue (a stream) live in Redis and change only inside {@code registry.lua}, atomically; this
 * replica keeps only the sockets it holds ({@link LocalPeers}) and receives their frames on its own channel.
 */
public final class RedisRoomRegistry implements RoomRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SWEEP_LIMIT = 1000;
    private static final int ID_ATTEMPTS = 3;
    /**
     * A peer's acks reach Redis once they moved on by this many messages (or with the heartbeat, or the
     * disconnect): each is one more operation in a Redis batch, as costly as a signal, and a client may ack with
     * every signal it sends. What Redis keeps meanwhile was delivered; a resume names its own last seq.
     */
    static final int MAX_ACK_STRIDE = 16;

    private final RegistryScript script;
    private final RelayBatcher relay;
    private final LocalPeers local;
    private final MessageCodec codec;
    private final String node;
    private final Limits limits;
    private final Clock clock;
    /** At most a quarter of a queue is delivered-but-kept, should the replica die before passing the acks on. */
    private final int ackStride;
    /** Peers whose socket closed while Redis was unreachable: marked away at the next heartbeat instead. */
    private final Queue<Disconnect> unrecordedDisconnects = new ConcurrentLinkedQueue<>();

    /** The bounds this registry enforces; the same settings as the in-memory registry's. */
    public record Limits(int maxPeersPerRoom, int queueMessages, int queueBytes, long departedMillis,
            long keyTtlMillis, long nodeTimeoutMillis) {
    }

    RedisRoomRegistry(RegistryScript script, RelayBatcher relay, LocalPeers local, MessageCodec codec, String node,
            Limits limits, Clock clock) {
        this.script = script;
        this.relay = relay;
        this.local = local;
        this.codec = codec;
        this.node = node;
        this.limits = limits;
        this.clock = clock;
        this.ackStride = Math.max(1, Math.min(MAX_ACK_STRIDE, limits.queueMessages() / 4));
    }

    private CompletionStage<Response> call(String op, Object... args) {
        return script.call(op, clock.millis(), limits.keyTtlMillis(), args);
    }

    @Override
    public CompletionStage<String> join(RoomId room, String name, PeerChannel channel, WelcomeWriter welcome,
            Knock knock) {
        return join(room, name, channel, welcome, knock, 1);
    }

    private CompletionStage<String> join(RoomId room, String name, PeerChannel channel, WelcomeWriter welcome,
            Knock knock, int attempt) {
        String id = PeerIds.random();
        LocalAttachment attachment = new LocalAttachment(id, room.value(), channel);
        LocalAttachment previous = local.attach(attachment);
        // Attached before the call too, so an answer published right after the knock is not missed.
        LocalAttachment door = knock == null ? null : LocalAttachment.knocking(knock, room.value(), channel);
        if (door != null) {
            local.attach(door);
        }
        String joined = codec.encode(new ServerMessage.PeerJoined(new ServerMessage.PeerInfo(id, name,
                MediaState.NOTHING), false));
        String knockFrame = knock == null ? "" : codec.encode(new ServerMessage.Knock(knock.id(), name));
        return call("join", room.value(), id, name, json(MediaState.NOTHING), node, limits.maxPeersPerRoom(), joined,
                knock == null ? "" : knock.id(), knockFrame, MAX_KNOCKS_PER_ROOM)
                .thenCompose(response -> {
                    String status = response.get(0).toString();
                    if (status.equals("retry") && attempt < ID_ATTEMPTS) {
                        local.detach(attachment, previous);
                        return join(room, name, channel, welcome, knock, attempt + 1);
                    }
                    if (status.equals("knocking")) {
                        local.detach(attachment, previous);
                        door.confirmKnock(new ServerMessage.Knocking(knock.id()));
                        return CompletableFuture.completedFuture((String) null);
                    }
                    requireAdmitted(status, room);
                    if (door != null) {
                        local.remove(door);
                    }
                    attachment.confirm(1, welcome.write(id, name, roster(response.get(4)), false, 0, door(response)),
                            0, List.of());
                    return CompletableFuture.completedFuture(id);
                })
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        local.detach(attachment, previous);
                        if (door != null) {
                            local.remove(door);
                        }
                    }
                });
    }

    @Override
    public CompletionStage<Void> lock(RoomId room, String peerId, boolean locked) {
        String frame = codec.encode(new ServerMessage.RoomLock(locked, peerId));
        return call("lock", room.value(), peerId, locked ? 1 : 0, frame)
                .thenAccept(response -> notJoined(response.toString()));
    }

    @Override
    public CompletionStage<Void> answer(RoomId room, String peerId, String knockId, boolean admit) {
        String frame = codec.encode(new ServerMessage.KnockEnded(knockId, admit ? "admitted" : "declined", peerId));
        return call("answer", room.value(), peerId, knockId, admit ? 1 : 0, frame).thenAccept(response -> {
            if (response.toString().equals("unknown-knock")) {
                throw new ProtocolException(ErrorCode.UNKNOWN_KNOCK,
                        "nobody is knocking as " + knockId + " (already answered, or gone)");
            }
            notJoined(response.toString());
        });
    }

    @Override
    public CompletionStage<Void> withdraw(RoomId room, String knockId) {
        LocalAttachment door = local.byId(knockId);
        if (door != null && door.knock != null) {
            local.remove(door);
        }
        String frame = codec.encode(new ServerMessage.KnockEnded(knockId, "withdrawn", null));
        return call("withdraw", room.value(), knockId, frame).thenApply(response -> null);
    }

    private static Door door(Response response) {
        Response lobby = response.get(7);
        List<ServerMessage.Knocker> knockers = new ArrayList<>(lobby.size());
        for (Response entry : lobby) {
            knockers.add(new ServerMessage.Knocker(entry.get(0).toString(), entry.get(1).toString()));
        }
        return new Door(response.get(6).toInteger() == 1, knockers);
    }

    @Override
    public CompletionStage<Void> resume(RoomId room, ResumeClaim claim, PeerChannel channel, WelcomeWriter welcome) {
        String id = claim.peerId();
        LocalAttachment attachment = new LocalAttachment(id, room.value(), channel);
        LocalAttachment previous = local.attach(attachment);
        String joined = codec.encode(new ServerMessage.PeerJoined(new ServerMessage.PeerInfo(id, claim.name(),
                MediaState.NOTHING), true));
        return call("resume", room.value(), id, claim.name(), json(MediaState.NOTHING), node,
                limits.maxPeersPerRoom(), claim.lastSeq(), joined)
                .thenAccept(response -> {
                    String status = response.get(0).toString();
                    if (status.equals("departed")) {
                        throw new ProtocolException(ErrorCode.RESUME_FAILED, "this peer has already left the room");
                    }
                    requireAdmitted(status, room);
                    long epoch = response.get(1).toLong();
                    long seq = response.get(2).toLong();
                    int lost = response.get(3).toInteger();
                    attachment.confirm(epoch, welcome.write(id, claim.name(), roster(response.get(4)), true, lost,
                            door(response)), seq, replay(response.get(5)));
                    if (previous != null && previous.channel != channel) {
                        previous.channel.close(4000, "resumed on another connection");
                    }
                })
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        local.detach(attachment, previous);
                    }
                });
    }

    private void requireAdmitted(String status, RoomId room) {
        switch (status) {
            case "ok", "resumed", "readmitted" -> {
            }
            case "room-full" -> throw new ProtocolException(ErrorCode.ROOM_FULL,
                    "room " + room + " already has " + limits.maxPeersPerRoom() + " participants");
            case "locked" -> throw new ProtocolException(ErrorCode.DECLINED, "room " + room + " is locked");
            case "lobby-full" -> throw new ProtocolException(ErrorCode.LOBBY_FULL, "room " + room
                    + " is locked and " + MAX_KNOCKS_PER_ROOM + " people are already knocking");
            default -> throw new ProtocolException(ErrorCode.UNAVAILABLE, "could not join (" + status + "); try again");
        }
    }

    @Override
    public CompletionStage<Void> relaySignal(RoomId room, String from, String to, RawJson data, int size) {
        if (from.equals(to)) {
            return CompletableFuture.failedFuture(
                    new ProtocolException(ErrorCode.BAD_MESSAGE, "a peer cannot signal itself"));
        }
        String frame = codec.encode(new ServerMessage.SignalFrom(from, data, null));
        return relay.submit("signal", room.value(), from, to, frame, size, limits.queueMessages(),
                limits.queueBytes()).thenAccept(status -> {
                    switch (status) {
                        case "ok" -> {
                        }
                        case "unknown-peer" -> throw new ProtocolException(ErrorCode.UNKNOWN_PEER,
                                "no peer " + to + " in this room");
                        case "queue-full" -> throw new ProtocolException(ErrorCode.QUEUE_FULL,
                                "peer " + to + " is reconnecting and its queue is full; the signal was not delivered");
                        default -> notJoined(status);
                    }
                });
    }

    @Override
    public CompletionStage<Void> chat(RoomId room, String from, String text, Instant sentAt) {
        String frame = codec.encode(new ServerMessage.ChatFrom(from, text, sentAt.toEpochMilli(), null));
        return relay.submit("chat", room.value(), from, frame, text.length(), limits.queueMessages(),
                limits.queueBytes()).thenAccept(RedisRoomRegistry::notJoined);
    }

    @Override
    public CompletionStage<Void> updateState(RoomId room, String peerId, MediaState state) {
        String frame = codec.encode(new ServerMessage.PeerState(peerId, state));
        return relay.submit("state", room.value(), peerId, json(state), frame)
                .thenAccept(RedisRoomRegistry::notJoined);
    }

    @Override
    public CompletionStage<Void> acknowledge(RoomId room, String peerId, PeerChannel channel, long seq) {
        LocalAttachment attachment = local.find(peerId, channel);
        long forward = attachment == null ? -1 : attachment.ack(seq, ackStride);
        if (forward < 0) {
            return CompletableFuture.completedFuture(null);
        }
        return submitAck(attachment, forward).thenAccept(RedisRoomRegistry::notJoined);
    }

    private CompletionStage<String> submitAck(LocalAttachment attachment, long seq) {
        return relay.submit("ack", attachment.room, attachment.peerId, node, attachment.epoch(), seq);
    }

    /**
     * Passes on the acks held back for peers that have not acked since the previous call (the heartbeat's, every
     * 2 s by default), or for all peers ({@code all}, at shutdown).
     */
    CompletionStage<Void> forwardHeldAcks(boolean all) {
        List<CompletableFuture<String>> sent = new ArrayList<>();
        local.forEachPeer(attachment -> {
            long seq = all ? attachment.unforwardedAck() : attachment.quietAck();
            if (seq >= 0) {
                sent.add(submitAck(attachment, seq).toCompletableFuture());
            }
        });
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletionStage<Void> leave(RoomId room, String peerId, PeerChannel channel, LeaveReason reason) {
        LocalAttachment attachment = local.find(peerId, channel);
        if (attachment == null) {
            return CompletableFuture.completedFuture(null); // replaced by a resume: the peer stays
        }
        local.remove(attachment);
        return call("leave", room.value(), peerId, node, attachment.epoch(), reason.wireName(),
                limits.departedMillis()).<Void>thenApply(response -> null)
                .whenComplete((ok, failure) -> rememberIfFailed(failure,
                        new Disconnect(peerId, attachment.epoch(), -1)));
    }

    @Override
    public CompletionStage<Void> disconnect(RoomId room, String peerId, PeerChannel channel, Instant now) {
        LocalAttachment attachment = local.find(peerId, channel);
        if (attachment == null) {
            return CompletableFuture.completedFuture(null);
        }
        local.remove(attachment);
        // The ack held back goes with it: while the peer is away, a full queue refuses content.
        var away = new Disconnect(peerId, attachment.epoch(), attachment.unforwardedAck());
        return recordDisconnect(now.toEpochMilli(), away)
                .whenComplete((ok, failure) -> rememberIfFailed(failure, away));
    }

    private record Disconnect(String peerId, long epoch, long ack) {
    }

    private CompletionStage<Void> recordDisconnect(long at, Disconnect away) {
        return script.call("disconnect", at, limits.keyTtlMillis(), away.peerId(), node, away.epoch(), away.ack())
                .thenApply(response -> null);
    }

    private void rememberIfFailed(Throwable failure, Disconnect away) {
        if (failure != null) {
            unrecordedDisconnects.add(away);
        }
    }

    /** Marks away the peers whose disconnect could not be written; the heartbeat calls it once Redis answers. */
    void recordMissedDisconnects() {
        for (Disconnect missed; (missed = unrecordedDisconnects.poll()) != null;) {
            Disconnect away = missed;
            recordDisconnect(clock.millis(), away).whenComplete((ok, failure) -> rememberIfFailed(failure, away));
        }
    }

    @Override
    public CompletionStage<Integer> expireAway(Instant cutoff) {
        long now = clock.millis();
        return call("sweep", now - limits.nodeTimeoutMillis(), cutoff.toEpochMilli(), limits.departedMillis(),
                SWEEP_LIMIT).thenApply(response -> response.get(0).toInteger());
    }

    /** Sockets on this replica that are peers of a room. */
    @Override
    public int peerCount() {
        return local.peerCount();
    }

    @Override
    public int roomCount() {
        return local.roomCount();
    }

    private static void notJoined(String status) {
        if (!"ok".equals(status)) {
            throw new ProtocolException(ErrorCode.NOT_JOINED, "you are no longer in this room");
        }
    }

    private static List<ServerMessage.PeerInfo> roster(Response entries) {
        List<ServerMessage.PeerInfo> peers = new ArrayList<>(entries.size());
        for (Response entry : entries) {
            peers.add(new ServerMessage.PeerInfo(entry.get(0).toString(), entry.get(1).toString(),
                    mediaState(entry.get(2).toString())));
        }
        return peers;
    }

    private static List<LocalAttachment.Numbered> replay(Response flat) {
        List<LocalAttachment.Numbered> entries = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            entries.add(new LocalAttachment.Numbered(flat.get(i).toLong(), flat.get(i + 1).toString()));
        }
        return entries;
    }

    private static String json(MediaState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MediaState mediaState(String json) {
        try {
            return JSON.readValue(json, MediaState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad media state in Redis: " + json, e);
        }
    }
}
