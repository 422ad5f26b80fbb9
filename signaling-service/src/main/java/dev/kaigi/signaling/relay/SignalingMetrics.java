package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.room.QueuedBytes;
import dev.kaigi.signaling.room.RoomRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prometheus meters: rooms, peers, connections, messages by type, errors by code. */
@Startup // the gauges must exist before the first connection, for dashboards and alerts
@Singleton
public class SignalingMetrics {
    private final MeterRegistry meters;
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter slowConsumers;
    private final Counter routineDisconnects;
    private final Counter badFrames;
    private final Counter shedBytes;

    public SignalingMetrics(MeterRegistry meters, RoomRegistry rooms, LiveConnections connections,
            QueuedBytes queued) {
        this.meters = meters;
        Gauge.builder("kaigi.signaling.queued.bytes", queued, QueuedBytes::bytes)
                .description("Bytes held for clients: resume queues in this process and frames not yet sent")
                .register(meters);
        this.shedBytes = Counter.builder("kaigi.signaling.shed.bytes")
                .description("Resume-queue bytes dropped because the process reached max-queued-bytes").register(meters);
        Gauge.builder("kaigi.signaling.rooms", rooms, RoomRegistry::roomCount)
                .description("Rooms with at least one peer").register(meters);
        Gauge.builder("kaigi.signaling.peers", rooms, RoomRegistry::peerCount)
                .description("Peers in rooms, including those within their resume grace").register(meters);
        Gauge.builder("kaigi.signaling.connections", connections, LiveConnections::size)
                .description("Open WebSocket connections on this instance").register(meters);
        slowConsumers = Counter.builder("kaigi.signaling.slow.consumers")
                .description("Sockets closed (1013 slow-consumer) because their client stopped reading")
                .register(meters);
        routineDisconnects = Counter.builder("kaigi.signaling.dropped.connections")
                .description("Connections that ended with a network error (reset, broken pipe): routine, not faults")
                .register(meters);
        badFrames = Counter.builder("kaigi.signaling.bad.frames")
                .description("Connections dropped by the WebSocket layer for a malformed or oversized frame")
                .register(meters);
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("kaigi.signaling.errors").tag("code", code.wireName())
                    .description("Error frames sent, by code").register(meters));
        }
    }

    void messageHandled(String type) {
        Counter counter = messages.get(type);
        if (counter == null) {
            // Only the first message of a type: the lambda captures this, so it is not made on every message.
            counter = messages.computeIfAbsent(type, t -> Counter.builder("kaigi.signaling.messages")
                    .tag("type", t).description("Client messages handled, by type").register(meters));
        }
        counter.increment();
    }

    void shed(long bytes) {
        shedBytes.increment(bytes);
    }

    void badFrame() {
        badFrames.increment();
    }

    void routineDisconnect() {
        routineDisconnects.increment();
    }

    void slowConsumer() {
        slowConsumers.increment();
    }

    void error(ErrorCode code) {
        errors.get(code).increment();
    }
}
