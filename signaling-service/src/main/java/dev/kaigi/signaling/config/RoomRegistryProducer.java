package dev.kaigi.signaling.config;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.cluster.Cluster;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.relay.LiveConnections;
import dev.kaigi.signaling.room.InMemoryRoomRegistry;
import dev.kaigi.signaling.room.QueuedBytes;
import dev.kaigi.signaling.room.RoomRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The registry chosen by {@code kaigi.signaling.registry}: embedded (default) or shared through Redis. */
public class RoomRegistryProducer {
    @Produces
    @Singleton
    QueuedBytes queuedBytes(SignalingConfig config, LiveConnections live) {
        return new QueuedBytes(config.maxQueuedBytes(), live::unsentBytes);
    }

    @Produces
    @Singleton
    RoomRegistry roomRegistry(SignalingConfig config, Cluster cluster, QueuedBytes queued, MessageCodec codec) {
        if (config.registry() == SignalingConfig.RegistryKind.REDIS) {
            return cluster.registry();
        }
        return new InMemoryRoomRegistry(config.maxPeersPerRoom(), config.resume().queueSize(),
                config.resume().queueBytes(), config.resume().tokenTtl(), queued, codec);
    }
}
