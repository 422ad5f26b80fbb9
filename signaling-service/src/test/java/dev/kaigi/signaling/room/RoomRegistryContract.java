package dev.kaigi.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MediaState;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.RawJson;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RoomRegistry} promises, run against each implementation. {@link #replica(int)} hands out
 * the registry a peer talks to: always the same one in memory, alternating replicas in cluster mode, so every
 * test also proves that a room spanning replicas behaves like a room on one.
 * Limits used: 3 peers per room, 4 messages or 10 000 bytes per resume queue.
 */
public abstract class RoomRegistryContract {
    protected static final int MAX_PEERS = 3;
    protected static final int QUEUE_MESSAGES = 4;
    protected static final int QUEUE_BYTES = 10_000;

    private final RoomId room = new RoomId("r-" + UUID.randomUUID().toString().substring(0, 8));
    private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");

    /** The registry serving the {@code n}-th peer of a test. */
    protected abstract RoomRegistry replica(int n);

    /** Lets asynchronous delivery settle before asserting that something did not arrive. */
    protected abstract void settle();

    private static WelcomeWriter welcome(RoomId room) {
        return (id, name, others, resumed, dropped, door) ->
                new ServerMessage.Welcome(1, room.value(), id, others, "resume", null, resumed, dropped,
                        door.locked(), door.lobby(), null);
    }

    private static <T> T done(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ErrorCode failure(CompletionStage<?> stage) {
        try {
            done(stage);
        } catch (ProtocolException e) {
            return e.code();
        }
        return fail("expected a protocol error");
    }

    private static RawJson data(String value) {
        return new RawJson("{\"v\":\"" + value + "\"}");
    }

    /** A joined peer: its id, its channel and the replica it talks to. */
    private record Member(String id, RecordingChannel channel, RoomRegistry registry) {
    }

    private final List<Member> members = new ArrayList<>();

    private Member join(String name) {
        RoomRegistry registry = replica(members.size());
        RecordingChannel channel = new RecordingChannel();
        String id = done(registry.join(room, name, channel, welcome(room)));
        channel.first("welcome");
        Member member = new Member(id, channel, registry);
        members.add(member);
        return member;
    }

    private void signal(Member from, Member to, String value) {
        done(from.registry.relaySignal(room, from.id, to.id, data(value), 64));
    }

    private static List<String> signalValues(RecordingChannel channel) {
        return channel.of("signal").stream().map(s -> s.path("data").path("v").asText()).toList();
    }

    @Test
    void joinSendsRosterAndAnnouncesNewcomer() {
        Member a = join("A");
        Member b = join("B");
        assertEquals(0, a.channel.first("welcome").path("peers").size());
        JsonNode roster = b.channel.first("welcome").path("peers");
        assertEquals(a.id, roster.get(0).path("peerId").asText());
        assertEquals("A", roster.get(0).path("name").asText());
        assertEquals(b.id, a.channel.first("peer-joined").path("peer").path("peerId").asText());
        assertFalse(a.channel.first("peer-joined").path("resumed").asBoolean());
    }

    @Test
    void relaysSignalsOnlyToTheAddressedPeerInOrderWithSeq() {
        Member a = join("A");
        Member b = join("B");
        Member c = join("C");
        for (int i = 0; i < 50; i++) {
            signal(a, b, "a" + i);
            signal(c, b, "c" + i);
        }
        List<JsonNode> received = b.channel.await("signal", 100);
        assertEquals(100, received.size());
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i + 1, received.get(i).path("seq").asLong(), "seq counts up from 1 per recipient");
        }
        List<String> fromA = received.stream().filter(s -> s.path("from").asText().equals(a.id))
                .map(s -> s.path("data").path("v").asText()).toList();
        assertEquals(50, fromA.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("a" + i, fromA.get(i), "per-sender order");
        }
        settle();
        assertEquals(List.of(), a.channel.of("signal"));
        assertEquals(List.of(), c.channel.of("signal"));
    }

    @Test
    void concurrentSendersKeepTheirOwnOrderAndTheRecipientsNumbering() throws Exception {
        Member target = join("T");
        List<Member> senders = List.of(join("S1"), join("S2"));
        int each = 100;
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (Member sender : senders) {
            running.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    signal(sender, target, sender.id + ":" + i); // waits for each, as a session does
                }
            }));
        }
        for (CompletableFuture<Void> sender : running) {
            sender.get(30, TimeUnit.SECONDS);
        }
        List<JsonNode> received = target.channel.await("signal", 2 * each);
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i + 1, received.get(i).path("seq").asLong());
        }
        for (Member sender : senders) {
            List<String> values = received.stream().map(s -> s.path("data").path("v").asText())
                    .filter(v -> v.startsWith(sender.id + ":")).toList();
            for (int i = 0; i < each; i++) {
                assertEquals(sender.id + ":" + i, values.get(i));
            }
        }
    }

    @Test
    void chatReachesEveryoneElseNumberedPerRecipient() {
        Member a = join("A");
        Member b = join("B");
        Member c = join("C");
        signal(a, b, "first for b");
        done(c.registry.chat(room, c.id, "おはよう", t0));
        JsonNode chatAtB = b.channel.first("chat");
        assertEquals("おはよう", chatAtB.path("text").asText());
        assertEquals(c.id, chatAtB.path("from").asText());
        assertEquals(t0.toEpochMilli(), chatAtB.path("ts").asLong());
        assertEquals(2, chatAtB.path("seq").asLong());
        assertEquals(1, a.channel.first("chat").path("seq").asLong());
        settle();
        assertEquals(List.of(), c.channel.of("chat"));
    }

    @Test
    void roomFullCountsPeersWithinTheirGrace() {
        Member first = join("1");
        join("2");
        join("3");
        done(first.registry.disconnect(room, first.id, first.channel, t0));
        assertEquals(ErrorCode.ROOM_FULL,
                failure(replica(3).join(room, "4", new RecordingChannel(), welcome(room))));
    }

    @Test
    void lastSeatRacedFromSeveralReplicasGoesToExactlyOnePeer() {
        join("1");
        join("2");
        List<CompletableFuture<String>> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(replica(i).join(room, "racer" + i, new RecordingChannel(), welcome(room))
                    .toCompletableFuture());
        }
        long winners = racers.stream().filter(r -> {
            try {
                r.get(10, TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals(ErrorCode.ROOM_FULL, ((ProtocolException) e.getCause()).code());
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).count();
        assertEquals(1, winners);
    }

    @Test
    void awayPeerGetsNumberedContentReplayedAfterItsLastSeq() {
        Member a = join("A");
        Member b = join("B");
        signal(a, b, "seen");
        long seen = b.channel.first("signal").path("seq").asLong();
        signal(a, b, "lost in TCP"); // sent just before the socket died: B never saw it
        b.channel.await("signal", 2);
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        signal(a, b, "while away");
        done(a.registry.chat(room, a.id, "hello", t0));

        RecordingChannel b2 = new RecordingChannel();
        done(replica(2).resume(room, new ResumeClaim(b.id, "B", seen), b2, welcome(room)));
        JsonNode welcome = b2.first("welcome");
        assertTrue(welcome.path("resumed").asBoolean());
        assertEquals(0, welcome.path("dropped").asInt());
        assertEquals(a.id, welcome.path("peers").get(0).path("peerId").asText());
        assertEquals(List.of("lost in TCP", "while away"), signalValues(b2));
        assertEquals(List.of(2L, 3L), b2.of("signal").stream().map(s -> s.path("seq").asLong()).toList());
        assertEquals(4, b2.first("chat").path("seq").asLong());
        settle();
        assertEquals(List.of(), a.channel.of("peer-left"));
    }

    @Test
    void acknowledgedContentIsForgottenAndNotReplayed() {
        Member a = join("A");
        Member b = join("B");
        for (int i = 1; i <= 3; i++) {
            signal(a, b, "s" + i);
        }
        b.channel.await("signal", 3);
        done(b.registry.acknowledge(room, b.id, b.channel, 2));
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        RecordingChannel b2 = new RecordingChannel();
        done(replica(1).resume(room, new ResumeClaim(b.id, "B", 2), b2, welcome(room)));
        assertEquals(0, b2.first("welcome").path("dropped").asInt());
        assertEquals(List.of("s3"), signalValues(b2));
    }

    @Test
    void connectedPeerQueueKeepsTheNewestAndCountsEvictedOnResume() {
        Member a = join("A");
        Member b = join("B");
        for (int i = 1; i <= QUEUE_MESSAGES + 2; i++) {
            signal(a, b, "s" + i); // never acknowledged: the two oldest are evicted
        }
        b.channel.await("signal", QUEUE_MESSAGES + 2);
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        RecordingChannel b2 = new RecordingChannel();
        done(replica(0).resume(room, new ResumeClaim(b.id, "B", 0), b2, welcome(room)));
        assertEquals(2, b2.first("welcome").path("dropped").asInt());
        assertEquals(List.of("s3", "s4", "s5", "s6"), signalValues(b2));
    }

    @Test
    void queueBytesAreBoundedAndAcknowledgementFreesThem() {
        Member a = join("A");
        Member b = join("B");
        int big = 4_000; // two fit in QUEUE_BYTES, three do not
        for (int i = 1; i <= 3; i++) {
            done(a.registry.relaySignal(room, a.id, b.id, data("big" + i), big));
        }
        b.channel.await("signal", 3);
        done(b.registry.acknowledge(room, b.id, b.channel, 3)); // frees all of it
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        done(a.registry.relaySignal(room, a.id, b.id, data("big4"), big));
        done(a.registry.relaySignal(room, a.id, b.id, data("big5"), big));
        assertEquals(ErrorCode.QUEUE_FULL, failure(a.registry.relaySignal(room, a.id, b.id, data("big6"), big)));
        RecordingChannel b2 = new RecordingChannel();
        done(replica(1).resume(room, new ResumeClaim(b.id, "B", 3), b2, welcome(room)));
        assertEquals(1, b2.first("welcome").path("dropped").asInt());
        b2.await("signal", 2);
        assertEquals(List.of("big4", "big5"), signalValues(b2));
    }

    @Test
    void signalCarryingAnAckFreesTheSendersQueue() {
        Member a = join("A");
        Member b = join("B");
        fillQueueOfBWithTwoBig(a, b);
        done(b.registry.relaySignal(room, b.id, a.id, data("reply"), 64, b.channel, 2));
        a.channel.await("signal", 1);
        assertEquals(List.of("reply"), signalValues(a.channel));
        assertQueueOfBWasFreed(a, b);
    }

    @Test
    void refusedSignalStillCountsTheAckItCarries() {
        Member a = join("A");
        Member b = join("B");
        fillQueueOfBWithTwoBig(a, b);
        assertEquals(ErrorCode.BAD_MESSAGE,
                failure(b.registry.relaySignal(room, b.id, b.id, data("to myself"), 64, b.channel, 2)));
        assertQueueOfBWasFreed(a, b);
    }

    /** Two signals of 4 000 bytes to B, which a third would take past QUEUE_BYTES. */
    private void fillQueueOfBWithTwoBig(Member a, Member b) {
        for (int i = 1; i <= 2; i++) {
            done(a.registry.relaySignal(room, a.id, b.id, data("big" + i), 4_000));
        }
        b.channel.await("signal", 2);
    }

    /** With B away, its queue takes two more of 4 000 bytes and refuses a third only if the first two were acked. */
    private void assertQueueOfBWasFreed(Member a, Member b) {
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        done(a.registry.relaySignal(room, a.id, b.id, data("big3"), 4_000));
        done(a.registry.relaySignal(room, a.id, b.id, data("big4"), 4_000));
        assertEquals(ErrorCode.QUEUE_FULL, failure(a.registry.relaySignal(room, a.id, b.id, data("big5"), 4_000)));
    }

    @Test
    void fullQueueForAwayPeerIsReportedToSenderAndToResumer() {
        Member a = join("A");
        Member b = join("B");
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        for (int i = 0; i < QUEUE_MESSAGES; i++) {
            signal(a, b, "kept " + i);
        }
        assertEquals(ErrorCode.QUEUE_FULL, failure(a.registry.relaySignal(room, a.id, b.id, data("refused"), 64)));
        RecordingChannel b2 = new RecordingChannel();
        done(replica(1).resume(room, new ResumeClaim(b.id, "B", 0), b2, welcome(room)));
        assertEquals(1, b2.first("welcome").path("dropped").asInt());
        assertEquals(QUEUE_MESSAGES, b2.await("signal", QUEUE_MESSAGES).size());
    }

    @Test
    void graceExpiryAnnouncesTimeoutAndBlocksLaterResume() {
        Member a = join("A");
        Member b = join("B");
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        done(a.registry.expireAway(t0.minusSeconds(1)));
        settle();
        assertEquals(List.of(), a.channel.of("peer-left"));
        assertTrue(done(a.registry.expireAway(t0.plusSeconds(1))) >= 1);
        JsonNode left = a.channel.first("peer-left");
        assertEquals(b.id, left.path("peerId").asText());
        assertEquals(LeaveReason.TIMEOUT.wireName(), left.path("reason").asText());
        assertEquals(ErrorCode.RESUME_FAILED, failure(
                replica(1).resume(room, new ResumeClaim(b.id, "B", 0), new RecordingChannel(), welcome(room))));
    }

    @Test
    void unknownPeerWithSignedClaimIsReadmittedAndNumberingGoesOn() {
        RecordingChannel a = new RecordingChannel();
        String aId = PeerIds.random();
        String bId = PeerIds.random();
        done(replica(0).resume(room, new ResumeClaim(aId, "A", 12), a, welcome(room)));
        RecordingChannel b = new RecordingChannel();
        done(replica(1).resume(room, new ResumeClaim(bId, "B", 3), b, welcome(room)));
        assertEquals(aId, b.first("welcome").path("peers").get(0).path("peerId").asText());
        JsonNode joined = a.first("peer-joined");
        assertEquals(bId, joined.path("peer").path("peerId").asText());
        assertTrue(joined.path("resumed").asBoolean());
        done(replica(1).relaySignal(room, bId, aId, data("after restart"), 64));
        JsonNode signal = a.first("signal");
        assertEquals("after restart", signal.path("data").path("v").asText());
        assertEquals(13, signal.path("seq").asLong());
    }

    @Test
    void resumeOnNewSocketClosesTheOldOneAndItsCloseIsIgnored() {
        Member a = join("A");
        Member b = join("B");
        RecordingChannel fresh = new RecordingChannel();
        done(replica(0).resume(room, new ResumeClaim(b.id, "B", 0), fresh, welcome(room)));
        b.channel.awaitClosed(4000);
        done(b.registry.leave(room, b.id, b.channel, LeaveReason.CLOSED));
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        signal(a, b, "to the new socket");
        fresh.await("signal", 1);
        assertEquals(List.of("to the new socket"), signalValues(fresh));
        settle();
        assertEquals(List.of(), b.channel.of("signal"));
        assertEquals(List.of(), a.channel.of("peer-left"));
    }

    @Test
    void stateIsKeptAndBroadcast() {
        Member a = join("A");
        Member b = join("B");
        done(a.registry.updateState(room, a.id, new MediaState(true, true, false, true)));
        JsonNode state = b.channel.first("peer-state");
        assertEquals(a.id, state.path("peerId").asText());
        assertTrue(state.path("state").path("video").asBoolean());
        assertTrue(state.path("state").path("hand").asBoolean(), "a raised hand travels with the state");
        Member c = join("C");
        JsonNode roster = c.channel.first("welcome").path("peers");
        assertTrue(roster.get(0).path("state").path("audio").asBoolean());
        assertFalse(roster.get(0).path("state").path("screen").asBoolean());
        assertTrue(roster.get(0).path("state").path("hand").asBoolean(), "late joiners see the raised hand");
    }

    @Test
    void leaveAnnouncesAndStrangersCannotRelay() {
        Member a = join("A");
        Member b = join("B");
        done(a.registry.leave(room, a.id, a.channel, LeaveReason.LEFT));
        JsonNode left = b.channel.first("peer-left");
        assertEquals("left", left.path("reason").asText());
        assertEquals(ErrorCode.NOT_JOINED, failure(a.registry.chat(room, a.id, "ghost", t0)));
        assertEquals(ErrorCode.UNKNOWN_PEER, failure(b.registry.relaySignal(room, b.id, a.id, data("x"), 64)));
        assertEquals(ErrorCode.BAD_MESSAGE, failure(b.registry.relaySignal(room, b.id, b.id, data("x"), 64)));
        assertEquals(ErrorCode.RESUME_FAILED, failure(
                replica(0).resume(room, new ResumeClaim(a.id, "A", 0), new RecordingChannel(), welcome(room))));
    }

    @Test
    void roomsAreIsolated() {
        Member a = join("A");
        RoomId other = new RoomId(room.value() + "-other");
        RecordingChannel stranger = new RecordingChannel();
        String strangerId = done(replica(1).join(other, "S", stranger, welcome(other)));
        assertEquals(0, stranger.first("welcome").path("peers").size());
        assertEquals(ErrorCode.UNKNOWN_PEER,
                failure(replica(1).relaySignal(other, strangerId, a.id, data("x"), 64)));
        assertEquals(ErrorCode.NOT_JOINED, failure(replica(1).chat(room, strangerId, "wrong room", t0)));
        settle();
        assertEquals(List.of(), a.channel.of("peer-joined"));
        assertEquals(List.of(), a.channel.of("chat"));
    }

    /** A newcomer at the door: its channel, its knock, and the answer once it comes. */
    private record Newcomer(RecordingChannel channel, Knock knock, CompletableFuture<Boolean> answer,
            RoomRegistry registry) {
        String knockId() {
            return knock.id();
        }
    }

    private Newcomer knock(String name, int replicaIndex) {
        RoomRegistry registry = replica(replicaIndex);
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Knock knock = new Knock(PeerIds.random(), answer::complete);
        RecordingChannel channel = new RecordingChannel();
        assertEquals(null, done(registry.join(room, name, channel, welcome(room), knock)), "waits in the lobby");
        assertEquals(knock.id(), channel.first("knocking").path("knockId").asText());
        return new Newcomer(channel, knock, answer, registry);
    }

    private void lock(Member by, boolean locked) {
        done(by.registry.lock(room, by.id, locked));
    }

    @Test
    void aLockedRoomSendsNewcomersToTheLobbyAndTheFirstAnswerDecides() {
        Member a = join("A");
        Member b = join("B");
        lock(a, true);
        for (Member m : List.of(a, b)) {
            JsonNode locked = m.channel.first("room-lock");
            assertTrue(locked.path("locked").asBoolean());
            assertEquals(a.id, locked.path("by").asText());
        }
        Newcomer c = knock("C", 2);
        for (Member m : List.of(a, b)) {
            JsonNode knock = m.channel.first("knock");
            assertEquals(c.knockId(), knock.path("knockId").asText());
            assertEquals("C", knock.path("name").asText());
        }
        assertEquals(ErrorCode.DECLINED, failure(replica(3).join(room, "D", new RecordingChannel(), welcome(room))),
                "no knock, no way in");
        settle();
        assertFalse(c.answer.isDone());
        assertEquals(List.of(), c.channel.of("welcome"));

        done(b.registry.answer(room, b.id, c.knockId(), true));
        assertEquals(ErrorCode.UNKNOWN_KNOCK, failure(a.registry.answer(room, a.id, c.knockId(), false)),
                "the first answer decided");
        assertTrue(done(c.answer));
        for (Member m : List.of(a, b)) {
            JsonNode ended = m.channel.first("knock-ended");
            assertEquals("admitted", ended.path("outcome").asText());
            assertEquals(b.id, ended.path("by").asText());
        }
        String cId = done(c.registry.join(room, "C", c.channel, welcome(room), c.knock));
        JsonNode welcome = c.channel.first("welcome");
        assertEquals(cId, welcome.path("peerId").asText());
        assertTrue(welcome.path("locked").asBoolean());
        assertEquals(2, welcome.path("peers").size());
        assertEquals(cId, a.channel.await("peer-joined", 2).get(1).path("peer").path("peerId").asText());
        // An admission lets in once (B makes room first: the room holds three).
        done(b.registry.leave(room, b.id, b.channel, LeaveReason.LEFT));
        assertEquals(null, done(c.registry.join(room, "C", new RecordingChannel(), welcome(room), c.knock)));
    }

    @Test
    void aDeclinedNewcomerIsToldAndNeverJoins() {
        Member a = join("A");
        lock(a, true);
        Newcomer c = knock("C", 1);
        done(a.registry.answer(room, a.id, c.knockId(), false));
        assertFalse(done(c.answer));
        assertEquals("declined", a.channel.first("knock-ended").path("outcome").asText());
        assertEquals(null, done(c.registry.join(room, "C", c.channel, welcome(room), c.knock)),
                "a declined knock is no admission");
        assertEquals(List.of(), c.channel.of("welcome"));
    }

    @Test
    void unlockingAdmitsNobodyButLetsLaterNewcomersInAndTheyCanAnswerTheWaiting() {
        Member a = join("A");
        lock(a, true);
        Newcomer c = knock("C", 1);
        lock(a, false);
        assertFalse(a.channel.await("room-lock", 2).get(1).path("locked").asBoolean());
        Member d = join("D");
        JsonNode welcome = d.channel.first("welcome");
        assertFalse(welcome.path("locked").asBoolean());
        assertEquals(c.knockId(), welcome.path("lobby").get(0).path("knockId").asText(), "D sees who is waiting");
        assertEquals("C", welcome.path("lobby").get(0).path("name").asText());
        settle();
        assertFalse(c.answer.isDone(), "unlock admits nobody by itself");
        done(c.registry.withdraw(room, c.knockId()));
        for (Member m : List.of(a, d)) {
            assertEquals("withdrawn", m.channel.first("knock-ended").path("outcome").asText());
        }
        assertEquals(ErrorCode.UNKNOWN_KNOCK, failure(d.registry.answer(room, d.id, c.knockId(), true)));
    }

    @Test
    void whenTheLastParticipantLeavesTheWaitingAreLetIntoAnOpenRoom() {
        Member a = join("A");
        lock(a, true);
        Newcomer c = knock("C", 1);
        done(a.registry.leave(room, a.id, a.channel, LeaveReason.LEFT));
        assertTrue(done(c.answer), "nobody is left to ask");
        String cId = done(c.registry.join(room, "C", c.channel, welcome(room), c.knock));
        assertFalse(c.channel.first("welcome").path("locked").asBoolean(), "the lock went with the room");
        assertEquals(cId, c.channel.first("welcome").path("peerId").asText());
    }

    @Test
    void theLockNeverBlocksAResumeAndOnlyParticipantsMayLockOrAnswer() {
        Member a = join("A");
        Member b = join("B");
        lock(a, true);
        done(b.registry.disconnect(room, b.id, b.channel, t0));
        RecordingChannel b2 = new RecordingChannel();
        done(replica(2).resume(room, new ResumeClaim(b.id, "B", 0), b2, welcome(room)));
        JsonNode welcome = b2.first("welcome");
        assertTrue(welcome.path("resumed").asBoolean());
        assertTrue(welcome.path("locked").asBoolean());
        Newcomer c = knock("C", 1);
        assertEquals(ErrorCode.NOT_JOINED, failure(replica(1).lock(room, c.knockId(), false)));
        assertEquals(ErrorCode.NOT_JOINED, failure(replica(1).answer(room, c.knockId(), c.knockId(), true)));
        assertFalse(c.answer.isDone());
    }
}
