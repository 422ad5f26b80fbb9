package dev.kaigi.signaling.cluster;

/**
 * Decides when this replica's clients must resume (1012) after it lost Redis state: once after its subscription
 * came back (it missed what was published meanwhile), and after each time the cluster declared it dead.
 *
 * The subscription's return and a heartbeat's answer arrive on different connections, possibly on different event
 * loops. A resync that ran while the current subscription was already up covers that subscription's gap, so the
 * gap's own notice, arriving just after, must not close the freshly resumed sockets a second time. Subscriptions
 * are therefore counted, and a resync remembers which one it ran under.
 */
final class ResyncGate {
    private boolean pending;
    private long resyncedUnder = -1;

    /** The subscription numbered {@code subscription} is up after a gap. */
    synchronized void gap(long subscription) {
        if (resyncedUnder != subscription) {
            pending = true;
        }
    }

    /** A heartbeat found that the cluster had declared this replica dead. */
    synchronized void evicted() {
        pending = true;
    }

    /**
     * True when the clients must resume now, given the subscription that is up ({@link NodeSubscriber#DOWN} when
     * none is). Clients resume only while one is up, since a resume before it would miss what is published until then.
     */
    synchronized boolean resyncNow(long subscription) {
        if (subscription == NodeSubscriber.DOWN || !pending) {
            return false;
        }
        pending = false;
        resyncedUnder = subscription;
        return true;
    }
}
