package dev.kaigi.signaling.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Cluster meters: Redis command latency and errors by operation, frames that arrived through Redis by kind. */
final class ClusterMetrics {
    private final MeterRegistry meters;
    private final Map<String, Timer> commands = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Counter resyncs;

    ClusterMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.resyncs = Counter.builder("kaigi.signaling.cluster.resyncs")
                .description("Sockets closed with 1012 so their clients resume, after this replica lost Redis state")
                .register(meters);
    }

    Timer command(String op) {
        return commands.computeIfAbsent(op, o -> Timer.builder("kaigi.signaling.cluster.redis.commands").tag("op", o)
                .description("Redis script calls by operation").register(meters));
    }

    void error(String op) {
        errors.computeIfAbsent(op, o -> Counter.builder("kaigi.signaling.cluster.redis.errors").tag("op", o)
                .description("Failed or timed-out Redis script calls by operation").register(meters)).increment();
    }

    void received(String kind) {
        received.computeIfAbsent(kind, k -> Counter.builder("kaigi.signaling.cluster.messages").tag("kind", k)
                .description("Frames for local peers that arrived through Redis (P presence, D content, K takeover)")
                .register(meters)).increment();
    }

    void resynced(int sockets) {
        resyncs.increment(sockets);
    }
}
