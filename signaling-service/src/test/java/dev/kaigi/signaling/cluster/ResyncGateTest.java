package dev.kaigi.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResyncGateTest {
    private final ResyncGate gate = new ResyncGate();

    @Test
    void aGapResyncsOnceTheSubscriptionIsUp() {
        gate.gap(2);
        assertTrue(gate.resyncNow(2));
        assertFalse(gate.resyncNow(2), "once");
    }

    @Test
    void anEvictionWhileTheSubscriptionIsDownWaitsForIt() {
        gate.evicted();
        assertFalse(gate.resyncNow(NodeSubscriber.DOWN));
        assertTrue(gate.resyncNow(2));
    }

    /** Redis restarted: the heartbeat's "evicted" is handled after the subscription is up but before its gap notice. */
    @Test
    void aGapNoticedAfterAResyncUnderTheSameSubscriptionDoesNotCloseTheResumedSocketsAgain() {
        gate.evicted();
        assertTrue(gate.resyncNow(2));
        gate.gap(2);
        assertFalse(gate.resyncNow(2));
    }

    @Test
    void aLaterSubscriptionsGapResyncsAgain() {
        gate.evicted();
        assertTrue(gate.resyncNow(2));
        gate.gap(3);
        assertTrue(gate.resyncNow(3));
    }

    @Test
    void aLaterEvictionUnderTheSameSubscriptionResyncsAgain() {
        gate.gap(2);
        assertTrue(gate.resyncNow(2));
        gate.evicted();
        assertTrue(gate.resyncNow(2));
    }
}
