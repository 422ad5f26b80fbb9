package dev.kaigi.credentials.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prometheus counters: credentials issued by endpoint, requests denied by reason. */
@ApplicationScoped
public class CredentialMetrics {
    private final MeterRegistry meters;
    /** Registry lookups build tags and hash them; every request counts, so each counter is looked up once. */
    private final Map<String, Counter> issued = new ConcurrentHashMap<>();

    public CredentialMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void issued(String endpoint) {
        issued.computeIfAbsent(endpoint, e -> meters.counter("kaigi.credentials.issued", "endpoint", e)).increment();
    }

    void denied(String reason) {
        meters.counter("kaigi.credentials.denied", "reason", reason).increment();
    }
}
