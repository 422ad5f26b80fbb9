package dev.kaigi.signaling.relay;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.room.QueuedBytes;
import dev.kaigi.signaling.room.RoomRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;

/**
 * Pings every quiet socket, closes the ones that stopped answering (a half-open TCP connection never sends a close),
 * and ends the membership of peers whose resume grace has run out. The sockets are visited in {@link #SLICES} slices
 * spread over the interval: pinging all of them at once held up the relay for 150-500 ms at 10 000 sockets; a hundredth
 * of them at a time, for a few ms (docs/benchmarks.md). A server with no socket open wakes once per interval, for the
 * chores, instead of once per slice.
 */
@ApplicationScoped
public class HeartbeatMonitor {
    static final int SLICES = 100;
    private final LiveConnections live;
    private final RoomRegistry rooms;
    private final SignalingConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final ClientAddresses addresses;
    private final QueuedBytes queued;
    private final SignalingMetrics metrics;
    private long timerId = -1;
    private volatile boolean stopped;
    private int slice;
    /** The sockets open when this interval began, each visited by one of its slices. */
    private List<LiveConnections.Live> round = List.of();

    public HeartbeatMonitor(LiveConnections live, RoomRegistry rooms, SignalingConfig config, Clock clock,
            Vertx vertx, ClientAddresses addresses, QueuedBytes queued, SignalingMetrics metrics) {
        this.addresses = addresses;
        this.queued = queued;
        this.metrics = metrics;
        this.live = live;
        this.rooms = rooms;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        schedule(millisToNextTick());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timerId);
    }

    private void schedule(long delay) {
        timerId = vertx.setTimer(delay, id -> {
            if (!stopped) {
                tick();
                schedule(millisToNextTick());
            }
        });
    }

    /** A slice's share of the interval, or all of it when this interval has no socket to visit. */
    long millisToNextTick() {
        long interval = config.heartbeat().interval().toMillis();
        return round.isEmpty() && slice == 0 ? interval : Math.max(1, interval / SLICES);
    }

    /** One slice of the sockets; the once-per-interval chores come with the first slice. */
    void tick() {
        if (slice == 0) {
            // Sockets opened during the interval wait for the next one: they were heard from at their upgrade.
            round = List.copyOf(live.all());
            addresses.forgetIdle();
            if (queued.isOver()) {
                rooms.shedLargestQueues(queued.excess()).thenAccept(metrics::shed);
            }
            // In cluster mode this fails while Redis is away; the next interval catches up.
            rooms.expireAway(clock.instant().minus(config.resume().grace()));
        }
        sweep(round.subList(round.size() * slice / SLICES, round.size() * (slice + 1) / SLICES));
        // With no socket to visit, the interval's other slices are skipped: the next tick begins the next interval.
        slice = round.isEmpty() ? 0 : (slice + 1) % SLICES;
    }

    /**
     * Closes the sockets silent past the timeout and pings the quiet ones. A client that sent a message within the
     * last half interval is alive, and a ping would only cost a frame each way: at 5 000 msgs/s over 500 sockets the
     * pings took 2 % of the event loop's time, and with their pongs 1 % of its system calls (docs/benchmarks.md). A
     * quiet socket is still pinged at every visit, so a slow pong has as long to arrive as before.
     */
    private void sweep(List<LiveConnections.Live> sockets) {
        long now = System.nanoTime();
        long timeout = config.heartbeat().timeout().toNanos();
        long talking = config.heartbeat().interval().toNanos() / 2;
        for (LiveConnections.Live entry : sockets) {
            PeerSession session = entry.session();
            if (session.isDead() || !live.isOpen(entry.channel())) {
                continue; // declared dead already, or closed since the interval began
            } else if (session.silentNanos(now) > timeout) {
                session.declareDead();
                entry.channel().close(4408, "heartbeat timeout");
            } else if (!session.spokeWithin(now, talking)) {
                entry.channel().ping();
            }
        }
    }
}
