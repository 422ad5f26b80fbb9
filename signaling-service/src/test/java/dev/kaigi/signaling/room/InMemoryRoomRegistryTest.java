package dev.kaigi.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaigi.signaling.protocol.LeaveReason;
import dev.kaigi.signaling.protocol.RawJson;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryRoomRegistryTest extends RoomRegistryContract {
    private final InMemoryRoomRegistry registry =
            new InMemoryRoomRegistry(MAX_PEERS, QUEUE_MESSAGES, QUEUE_BYTES, Duration.ofHours(1),
                    new QueuedBytes(Long.MAX_VALUE, () -> 0), RecordingChannel.CODEC);

    @Test
    void processBoundShedsTheLargestQueuesFirstAndAccountsForEveryByte() throws Exception {
        QueuedBytes queued = new QueuedBytes(5_000, () -> 0);
        InMemoryRoomRegistry bounded = new InMemoryRoomRegistry(8, 100, 100_000, Duration.ofHours(1), queued,
                RecordingChannel.CODEC);
        RoomId room = new RoomId("bounded");
        WelcomeWriter welcome = (id, name, others, resumed, dropped, door) ->
                new ServerMessage.Welcome(1, room.value(), id, others, "resume", null, resumed, dropped,
                        door.locked(), door.lobby(), null);
        RecordingChannel a = new RecordingChannel();
        RecordingChannel b = new RecordingChannel();
        RecordingChannel c = new RecordingChannel();
        String aId = bounded.join(room, "A", a, welcome).toCompletableFuture().get();
        String bId = bounded.join(room, "B", b, welcome).toCompletableFuture().get();
        String cId = bounded.join(room, "C", c, welcome).toCompletableFuture().get();
        bounded.disconnect(room, bId, b, Instant.now());
        bounded.disconnect(room, cId, c, Instant.now());
        RawJson data = new RawJson("{\"v\":\"x\"}");
        for (int i = 0; i < 3; i++) {
            bounded.relaySignal(room, aId, bId, data, 1_000);
        }
        for (int i = 0; i < 3; i++) {
            bounded.relaySignal(room, aId, cId, data, 1_000);
        }
        assertEquals(6_000, queued.bytes());
        assertTrue(queued.isOver());

        assertEquals(3_000L, bounded.shedLargestQueues(queued.excess()).toCompletableFuture().get());
        assertEquals(3_000, queued.bytes());
        assertFalse(queued.isOver());
        RecordingChannel b2 = new RecordingChannel();
        bounded.resume(room, new ResumeClaim(bId, "B", 0), b2, welcome);
        RecordingChannel c2 = new RecordingChannel();
        bounded.resume(room, new ResumeClaim(cId, "C", 0), c2, welcome);
        int droppedB = b2.first("welcome").path("dropped").asInt();
        int droppedC = c2.first("welcome").path("dropped").asInt();
        assertEquals(3, droppedB + droppedC, "one of the two equal queues was shed, and its loss reported");
        for (String id : new String[] {aId, bId, cId}) {
            RecordingChannel channel = id.equals(aId) ? a : id.equals(bId) ? b2 : c2;
            bounded.leave(room, id, channel, LeaveReason.LEFT);
        }
        assertEquals(0, queued.bytes(), "every queued byte is released when its peer leaves");
    }

    @Override
    protected RoomRegistry replica(int n) {
        return registry;
    }

    @Override
    protected void settle() {
        // delivery is synchronous
    }
}
