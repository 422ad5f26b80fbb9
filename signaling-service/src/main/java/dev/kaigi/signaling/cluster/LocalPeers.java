package dev.kaigi.signaling.cluster;

import dev.kaigi.signaling.room.PeerChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The peers whose sockets this replica holds, and delivery of what Redis publishes to this replica's channel:
 * one message holds lines of the form {@code <kind> <peer> [<seq>] <frame>}.
 */
final class LocalPeers {
    private static final Logger LOG = Logger.getLogger(LocalPeers.class);
    private final Map<String, LocalAttachment> byPeer = new ConcurrentHashMap<>();
    private final ClusterMetrics metrics;

    LocalPeers(ClusterMetrics metrics) {
        this.metrics = metrics;
    }

    /** Attaches a socket before Redis confirms it, so nothing published meanwhile is missed; returns the previous. */
    LocalAttachment attach(LocalAttachment attachment) {
        return byPeer.put(attachment.peerId, attachment);
    }

    /** Undoes {@link #attach} after a refusal, putting back the attachment it replaced. */
    void detach(LocalAttachment attachment, LocalAttachment previous) {
        if (byPeer.remove(attachment.peerId, attachment) && previous != null) {
            byPeer.putIfAbsent(previous.peerId, previous);
        }
    }

    /** The attachment of this peer through exactly this socket, if it is still the current one. */
    LocalAttachment find(String peerId, PeerChannel channel) {
        LocalAttachment attachment = byPeer.get(peerId);
        return attachment != null && attachment.channel == channel ? attachment : null;
    }

    LocalAttachment byId(String id) {
        return byPeer.get(id);
    }

    void remove(LocalAttachment attachment) {
        byPeer.remove(attachment.peerId, attachment);
    }

    void onMessage(String message) {
        int start = 0;
        while (start < message.length()) {
            int end = message.indexOf('\n', start);
            if (end < 0) {
                end = message.length();
            }
            onLine(message, start, end);
            start = end + 1;
        }
    }

    private void onLine(String message, int start, int end) {
        String kind = message.substring(start, start + 1);
        int peerEnd = message.indexOf(' ', start + 2);
        String peerId = message.substring(start + 2, peerEnd);
        String seq = null;
        int frameStart = peerEnd + 1;
        if (!kind.equals("P")) {
            int seqEnd = message.indexOf(' ', frameStart);
            seqEnd = seqEnd < 0 || seqEnd > end ? end : seqEnd;
            seq = message.substring(frameStart, seqEnd);
            frameStart = Math.min(seqEnd + 1, end);
        }
        metrics.received(kind);
        LocalAttachment attachment = byPeer.get(peerId);
        if (attachment == null) {
            return; // the peer moved or dropped: content waits in its queue for the resume
        }
        if (!attachment.receive(kind, seq, message.substring(frameStart, end))) {
            LOG.debugf("peer %s missed content before seq %s; asking it to resume", peerId, seq);
            resync(attachment);
        }
    }

    /** This replica may have missed frames for these peers: their clients resume and get them from the queue. */
    void resyncAll() {
        byPeer.values().forEach(this::resync);
    }

    private void resync(LocalAttachment attachment) {
        metrics.resynced(1);
        attachment.channel.close(1012, "resync");
    }

    /** The attachments of peers: knocking newcomers are not peers yet. */
    private Stream<LocalAttachment> peers() {
        return byPeer.values().stream().filter(a -> a.knock == null);
    }

    void forEachPeer(Consumer<LocalAttachment> action) {
        peers().forEach(action);
    }

    int peerCount() {
        return (int) peers().count();
    }

    int roomCount() {
        return (int) peers().map(a -> a.room).distinct().count();
    }
}
