package dev.kaigi.signaling.room;

import dev.kaigi.signaling.SignalingConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The embedded, in-memory registry; a clustered registry will be chosen here by configuration. */
public class RoomRegistryProducer {
    @Produces
    @Singleton
    RoomRegistry roomRegistry(SignalingConfig config) {
        return new InMemoryRoomRegistry(config.maxPeersPerRoom(), config.resume().queueSize(),
                config.resume().queueBytes(), config.resume().tokenTtl());
    }
}
