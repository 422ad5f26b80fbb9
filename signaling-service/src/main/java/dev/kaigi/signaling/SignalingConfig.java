package dev.kaigi.signaling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything an operator can tune in the signaling service; docs/configuration.md mirrors it. */
@ConfigMapping(prefix = "kaigi.signaling")
public interface SignalingConfig {

    /** Where rooms live: {@code memory} (this process only) or {@code redis} (several replicas share rooms). */
    @WithDefault("memory")
    RegistryKind registry();

    enum RegistryKind {
        MEMORY, REDIS
    }

    @WithDefault("8")
    int maxPeersPerRoom();

    /** Largest text frame answered with a normal error; bigger ones get {@code too-large}. */
    @WithDefault("65536")
    int maxFrameBytes();

    /** Hard cap on one WebSocket message or frame: above it the socket is closed with 1009 (WebSocketLimits). */
    @WithDefault("1048576")
    int maxSocketMessageBytes();

    @WithDefault("32768")
    int maxSignalBytes();

    @WithDefault("2000")
    int maxChatLength();

    @WithDefault("64")
    int maxNameLength();

    @WithDefault("10000")
    int maxConnections();

    /**
     * Bytes written to one socket that its client has not taken yet; beyond, the client is not reading and the
     * socket is closed with 1013 {@code slow-consumer}.
     */
    @WithDefault("1048576")
    long maxOutboundBytes();

    /**
     * Bytes this process may hold for clients (resume queues and unsent frames); beyond, joins get
     * {@code server-busy} and the largest resume queues are shed at the next sweep.
     */
    @WithDefault("268435456")
    long maxQueuedBytes();

    RateLimit rateLimit();

    Origins origins();

    PerAddress perAddress();

    /**
     * Per client address (behind an ingress: the forwarded one, with quarkus.http.proxy.* trusting the proxy).
     * Offices behind one NAT share an address: the defaults leave room for a busy one.
     */
    interface PerAddress {
        @WithDefault("50")
        int maxConnections();

        /** Joins and resumes; this also bounds how many TURN credentials one address can mint. */
        @WithDefault("120")
        int joinsPerMinute();
    }

    /** Which web pages may open sockets: a page on another site must not drive its visitors into rooms. */
    interface Origins {
        /** Origins besides the service's own host (which is always allowed), e.g. {@code https://meet.example.org}. */
        Optional<List<String>> allowed();

        /** Clients without an {@code Origin} header are not browsers (bots, tests, other servers). */
        @WithDefault("true")
        boolean allowMissing();
    }

    Resume resume();

    Heartbeat heartbeat();

    interface RateLimit {
        /**
         * Messages a connection may send at once before the steady rate applies. A newcomer to a full room of 8
         * answers 7 offers and trickles its candidates on each (about 10 on a laptop with IPv4 and IPv6): about 80
         * messages within a second, which must not be dropped.
         */
        @WithDefault("120")
        int burst();

        @WithDefault("30")
        double perSecond();
    }

    interface Resume {
        /** How long a dropped peer keeps its id, its place and its queued messages. */
        @WithDefault("30s")
        Duration grace();

        /** Signals and chat lines kept per peer for replay on resume. */
        @WithDefault("128")
        int queueSize();

        /** Upper bound on the bytes of what {@code queue-size} keeps per peer. */
        @WithDefault("262144")
        int queueBytes();

        /** Signs resume tokens; replicas that share rooms must share it. */
        String secret();

        @WithDefault("1h")
        Duration tokenTtl();
    }

    interface Heartbeat {
        /** How often the server pings each quiet socket (no message in half of it) and sweeps expired peers. */
        @WithDefault("10s")
        Duration interval();

        /** A socket silent for this long (no frame, no pong) is treated as dropped. */
        @WithDefault("30s")
        Duration timeout();
    }
}
