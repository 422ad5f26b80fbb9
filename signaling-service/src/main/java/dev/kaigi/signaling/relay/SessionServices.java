package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.room.QueuedBytes;
import dev.kaigi.signaling.room.RoomRegistry;
import dev.kaigi.signaling.token.SessionTokens;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * What every session shares: one bean instead of six constructor arguments per connection. Singletons, like the
 * other beans on the per-message path, so every call reaches the object itself rather than a client proxy.
 */
@Singleton
public class SessionServices {
    private final SignalingConfig config;
    private final RoomRegistry rooms;
    private final SessionTokens tokens;
    private final SignalingMetrics metrics;
    private final Clock clock;
    private final MessageCodec codec;
    private final ClientAddresses addresses;
    private final QueuedBytes queued;

    public SessionServices(SignalingConfig config, RoomRegistry rooms, SessionTokens tokens, SignalingMetrics metrics,
            Clock clock, MessageCodec codec, ClientAddresses addresses, QueuedBytes queued) {
        this.queued = queued;
        this.addresses = addresses;
        this.config = config;
        this.rooms = rooms;
        this.tokens = tokens;
        this.metrics = metrics;
        this.clock = clock;
        this.codec = codec;
    }

    SignalingConfig config() {
        return config;
    }

    RoomRegistry rooms() {
        return rooms;
    }

    SessionTokens tokens() {
        return tokens;
    }

    SignalingMetrics metrics() {
        return metrics;
    }

    Clock clock() {
        return clock;
    }

    QueuedBytes queued() {
        return queued;
    }

    ClientAddresses addresses() {
        return addresses;
    }

    public MessageCodec codec() {
        return codec;
    }
}
