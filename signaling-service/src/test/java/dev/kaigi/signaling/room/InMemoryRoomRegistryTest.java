package dev.kaigi.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.MediaState;
import dev.kaigi.signaling.protocol.PeerIds;
import dev.kaigi.signaling.protocol.ProtocolException;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRoomRegistryTest {
    private static final RoomId ROOM = new RoomId("standup");
    private static final WelcomeWriter WELCOME = (id, name, others, resumed, dropped) ->
            new ServerMessage.Welcome(1, ROOM.value(), id, others, "resume", null, resumed, dropped);
    private final InMemoryRoomRegistry registry = new InMemoryRoomRegistry(3, 4, 10_000, Duration.ofHours(1));
    private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");

    private static JsonNode data(String value) {
        return JsonNodeFactory.instance.objectNode().put("v", value);
    }

    private ErrorCode failure(Runnable action) {
        return assertThrows(ProtocolException.class, action::run).code();
    }

    @Test
    void joinSendsRosterAndAnnouncesNewcomer() {
        RecordingChannel a = new RecordingChannel();
        RecordingChannel b = new RecordingChannel();
        String aId = registry.join(ROOM, "A", a, WELCOME);
        String bId = registry.join(ROOM, "B", b, WELCOME);
        assertEquals(List.of(), a.of(ServerMessage.Welcome.class).get(0).peers());
        assertEquals(aId, b.of(ServerMessage.Welcome.class).get(0).peers().get(0).peerId());
        assertEquals(bId, a.of(ServerMessage.PeerJoined.class).get(0).peer().peerId());
        assertEquals(1, registry.roomCount());
        assertEquals(2, registry.peerCount());
    }

    @Test
    void roomFullCountsPeersWithinTheirGrace() {
        RecordingChannel first = new RecordingChannel();
        String firstId = registry.join(ROOM, "1", first, WELCOME);
        registry.join(ROOM, "2", new RecordingChannel(), WELCOME);
        registry.join(ROOM, "3", new RecordingChannel(), WELCOME);
        registry.disconnect(ROOM, firstId, first, t0);
        assertEquals(ErrorCode.ROOM_FULL, failure(() -> registry.join(ROOM, "4", new RecordingChannel(), WELCOME)));
    }

    @Test
    void awayPeerGetsNumberedContentReplayedAfterItsLastSeq() {
        RecordingChannel a = new RecordingChannel();
        RecordingChannel b = new RecordingChannel();
        String aId = registry.join(ROOM, "A", a, WELCOME);
        String bId = registry.join(ROOM, "B", b, WELCOME);
        registry.relaySignal(ROOM, aId, bId, data("seen"), 64);
        long seen = b.of(ServerMessage.SignalFrom.class).get(0).seq();
        // Sent just before the socket died: B never saw it.
        registry.relaySignal(ROOM, aId, bId, data("lost in TCP"), 64);
        registry.disconnect(ROOM, bId, b, t0);
        registry.relaySignal(ROOM, aId, bId, data("while away"), 64);
        registry.chat(ROOM, aId, "hello", t0);

        RecordingChannel b2 = new RecordingChannel();
        registry.resume(ROOM, new ResumeClaim(bId, "B", seen), b2, WELCOME);
        ServerMessage.Welcome welcome = b2.of(ServerMessage.Welcome.class).get(0);
        assertTrue(welcome.resumed());
        assertEquals(0, welcome.dropped());
        List<String> replayed = b2.of(ServerMessage.SignalFrom.class).stream().map(s -> s.data().path("v").asText())
                .toList();
        assertEquals(List.of("lost in TCP", "while away"), replayed);
        assertEquals("hello", b2.of(ServerMessage.ChatFrom.class).get(0).text());
        assertEquals(List.of(), a.of(ServerMessage.PeerLeft.class));
    }

    @Test
    void fullQueueForAwayPeerIsReportedToSenderAndToResumer() {
        RecordingChannel a = new RecordingChannel();
        RecordingChannel b = new RecordingChannel();
        String aId = registry.join(ROOM, "A", a, WELCOME);
        String bId = registry.join(ROOM, "B", b, WELCOME);
        registry.disconnect(ROOM, bId, b, t0);
        for (int i = 0; i < 4; i++) {
            registry.relaySignal(ROOM, aId, bId, data("kept " + i), 64);
        }
        assertEquals(ErrorCode.QUEUE_FULL, failure(() -> registry.relaySignal(ROOM, aId, bId, data("refused"), 64)));
        RecordingChannel b2 = new RecordingChannel();
        registry.resume(ROOM, new ResumeClaim(bId, "B", 0), b2, WELCOME);
        assertEquals(1, b2.of(ServerMessage.Welcome.class).get(0).dropped());
        assertEquals(4, b2.of(ServerMessage.SignalFrom.class).size());
    }

    @Test
    void graceExpiryAnnouncesTimeoutAndBlocksLaterResume() {
        RecordingChannel a = new RecordingChannel();
        RecordingChannel b = new RecordingChannel();
        registry.join(ROOM, "A", a, WELCOME);
        String bId = registry.join(ROOM, "B", b, WELCOME);
        registry.disconnect(ROOM, bId, b, t0);
        assertEquals(0, registry.expireAway(t0.minusSeconds(1)));
        assertEquals(1, registry.expireAway(t0.plusSeconds(1)));
        ServerMessage.PeerLeft left = a.of(ServerMessage.PeerLeft.class).get(0);
        assertEquals(bId, left.peerId());
        assertEquals(LeaveReason.TIMEOUT, left.reason());
        assertEquals(ErrorCode.RESUME_FAILED,
                failure(() -> registry.resume(ROOM, new ResumeClaim(bId, "B", 0), new RecordingChannel(), WELCOME)));
    }

    @Test
    void afterRestartASignedClaimRestoresThePeerId() {
        RecordingChannel a = new RecordingChannel();
        String aId = PeerIds.random();
        String bId = PeerIds.random();
        registry.resume(ROOM, new ResumeClaim(aId, "A", 12), a, WELCOME);
        RecordingChannel b = new RecordingChannel();
        registry.resume(ROOM, new ResumeClaim(bId, "B", 3), b, WELCOME);
        assertEquals(aId, b.of(ServerMessage.Welcome.class).get(0).peers().get(0).peerId());
        ServerMessage.PeerJoined joined = a.of(ServerMessage.PeerJoined.class).get(0);
        assertEquals(bId, joined.peer().peerId());
        assertTrue(joined.resumed());
        registry.relaySignal(ROOM, bId, aId, data("after restart"), 64);
        assertEquals("after restart", a.of(ServerMessage.SignalFrom.class).get(0).data().path("v").asText());
    }

    @Test
    void resumeOnNewSocketClosesTheOldOneAndItsCloseIsIgnored() {
        RecordingChannel a = new RecordingChannel();
        RecordingChannel old = new RecordingChannel();
        registry.join(ROOM, "A", a, WELCOME);
        String bId = registry.join(ROOM, "B", old, WELCOME);
        RecordingChannel fresh = new RecordingChannel();
        registry.resume(ROOM, new ResumeClaim(bId, "B", 0), fresh, WELCOME);
        assertEquals(4000, old.closedWith);
        registry.leave(ROOM, bId, old, LeaveReason.CLOSED);
        assertEquals(List.of(), a.of(ServerMessage.PeerLeft.class));
        assertEquals(2, registry.peerCount());
    }

    @Test
    void stateIsKeptAndBroadcast() {
        RecordingChannel a = new RecordingChannel();
        String aId = registry.join(ROOM, "A", a, WELCOME);
        RecordingChannel b = new RecordingChannel();
        registry.join(ROOM, "B", b, WELCOME);
        registry.updateState(ROOM, aId, new MediaState(true, true, false));
        assertEquals(new MediaState(true, true, false), b.of(ServerMessage.PeerState.class).get(0).state());
        RecordingChannel c = new RecordingChannel();
        registry.join(ROOM, "C", c, WELCOME);
        assertEquals(new MediaState(true, true, false), c.of(ServerMessage.Welcome.class).get(0).peers().get(0).state());
    }

    @Test
    void emptyRoomDisappearsAndStrangersCannotRelay() {
        RecordingChannel a = new RecordingChannel();
        String aId = registry.join(ROOM, "A", a, WELCOME);
        registry.leave(ROOM, aId, a, LeaveReason.LEFT);
        assertEquals(0, registry.roomCount());
        assertEquals(ErrorCode.NOT_JOINED, failure(() -> registry.chat(ROOM, aId, "ghost", t0)));
        String bId = registry.join(ROOM, "B", new RecordingChannel(), WELCOME);
        assertEquals(ErrorCode.UNKNOWN_PEER, failure(() -> registry.relaySignal(ROOM, bId, aId, data("x"), 64)));
        assertEquals(ErrorCode.BAD_MESSAGE, failure(() -> registry.relaySignal(ROOM, bId, bId, data("x"), 64)));
    }
}
