package dev.kaigi.credentials.api;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Prometheus counters: credentials issued by endpoint, requests denied by reason. */
@ApplicationScoped
public class CredentialMetrics {
    private final MeterRegistry meters;

    public CredentialMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void issued(String endpoint) {
        meters.counter("kaigi.credentials.issued", "endpoint", endpoint).increment();
    }

    void denied(String reason) {
        meters.counter("kaigi.credentials.denied", "reason", reason).increment();
    }
}
