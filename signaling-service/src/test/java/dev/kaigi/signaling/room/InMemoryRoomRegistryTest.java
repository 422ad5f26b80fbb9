package dev.kaigi.signaling.room;

import java.time.Duration;

class InMemoryRoomRegistryTest extends RoomRegistryContract {
    private final InMemoryRoomRegistry registry =
            new InMemoryRoomRegistry(MAX_PEERS, QUEUE_MESSAGES, QUEUE_BYTES, Duration.ofHours(1));

    @Override
    protected RoomRegistry replica(int n) {
        return registry;
    }

    @Override
    protected void settle() {
        // delivery is synchronous
    }
}
