import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Drives signaling relays (Kaigi, and the bench/Floor.java relay as its floor) from one Vert.x event loop and
 * reports what each costs: latency at fixed loads, the saturation rate, CPU per relayed message, memory per idle
 * joined connection and time per join. Every message carries its send time, its sender and a per-sender sequence
 * number; loss, reordering and duplicates are counted, never assumed away.
 *
 * The relays run side by side and are measured in turns (floor, kaigi, floor, kaigi, …; with more sides the order
 * rotates each round) and each figure is the median of its turns, so a neighbour that slows the machine for a while
 * touches both sides alike.
 *
 * Message mix, as a call's signaling: 90 % ~200 B ICE candidates, 10 % ~4 KB session descriptions.
 *
 * Run: java -cp 'signaling-service/target/quarkus-app/lib/main/*' bench/RelayLoad.java MODE NAME=URL=PID...
 *   MODE full|quick (seconds, small sizes: the test suite's smoke run)|loads|idle|ramp (one part of full)|tail (the
 *   20 000/s load alone in -Dtail.turns=N turns, default 21)|hold N (join N sockets, keep them
 *   open)|steady RATE SECONDS (one fixed load in three turns, -Dturns=N for more, after a full collection of each
 *   server; -Drooms=N, default 100: N rooms of two share the rate, e.g. 250 for the full run's 10 000/s shape) — the
 *   last two to profile a server.
 *   NAME floor or kaigi… (a name starting with kaigi acknowledges as the web UI does: on its next signal, else
 *   every 16 messages or 1 s after the first unacknowledged one);
 *   URL ws://127.0.0.1:PORT (rooms at /ws/rooms/ROOM) or ws://127.0.0.1:PORT/PREFIX/ (rooms at /PREFIX/ROOM);
 *   PID the relay's process (for /proc CPU and RSS, jcmd/jstat heap).
 * Output: one "RESULT NAME key=value …" line per measurement, read by bench/run-relay-bench.sh.
 */
public class RelayLoad {
    static final String CANDIDATE = "candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0 ufrag abcd "
            + "network-id 1 network-cost 10";
    static final String SDP = ("a=candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0\\r\\n").repeat(56);

    record Target(String name, URI url, long pid) {
        /** NAME=URL=PID, as both load generators take their servers. */
        static Target parse(String spec) {
            int first = spec.indexOf('='), last = spec.lastIndexOf('=');
            return new Target(spec.substring(0, first), URI.create(spec.substring(first + 1, last)),
                    Long.parseLong(spec.substring(last + 1)));
        }

        boolean kaigi() {
            return name.startsWith("kaigi");
        }

        /** Where a room's socket is: /ws/rooms/ROOM, or under the prefix the URL names. */
        String roomPath(String room) {
            return (url.getPath().isEmpty() ? "/ws/rooms/" : url.getPath()) + room;
        }
    }

    final List<Target> targets;
    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    final WebSocketClient client;

    // Window of the current measurement, in System.nanoTime(); only messages sent inside it are sampled.
    volatile long windowStart = Long.MAX_VALUE;
    volatile long windowEnd = Long.MAX_VALUE;
    long[] latencies = new long[1 << 22];
    /**
     * -Dslow.log=PATH: every measured message slower than -Dslow.ms (default 3) is appended there after its turn, as
     * "NAME SENT_NS LATENCY_NS" (System.nanoTime, CLOCK_MONOTONIC on Linux, the clock `perf record -k CLOCK_MONOTONIC`
     * stamps with), for bench/tail_attribution.py.
     */
    static final String SLOW_LOG = System.getProperty("slow.log");
    static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("slow.ms", 3));
    final long[] slowSentAt = new long[SLOW_LOG == null ? 0 : 1 << 20];
    final long[] slowLatency = new long[slowSentAt.length];
    int slowCount;
    int samples;
    long received;
    long sentTotal;
    long lost;
    long reordered;
    long duplicated;
    final Map<String, Long> errors = new java.util.concurrent.ConcurrentHashMap<>();
    static final int ACK_EVERY = 16;
    static final long ACK_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long ACK_SWEEP_MILLIS = 50;
    /** -Dack.carry=false: acks only in frames of their own, as the web UI did before 2026-12-06 21:00. */
    static final boolean CARRY_ACKS = Boolean.parseBoolean(System.getProperty("ack.carry", "true"));
    /** Peers with unacknowledged messages, in the order the first of them came. Only touched on the event loop. */
    final java.util.ArrayDeque<AckDue> ackDue = new java.util.ArrayDeque<>();

    RelayLoad(List<Target> targets) {
        this.targets = targets;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(65536)
                .setMaxMessageSize(65536).setMaxConnections(100_000).setConnectTimeout(10_000));
        vertx.setPeriodic(ACK_SWEEP_MILLIS, timer -> sweepAcks());
    }

    /** One joined socket. All its callbacks run on the single event loop, so no field needs a lock. */
    final class Peer {
        final Target target;
        final int index;
        WebSocket socket;
        String id;
        String to = "AAAAAAAAAAAAAAAAAAAAAA";
        long nextSeq;
        /** The highest seq received and the highest acknowledged, as the web UI's Acknowledger keeps them. */
        long highestSeq;
        long ackedSeq;
        /** When the oldest unacknowledged message came, or 0 with none: the ack is due ACK_DELAY_NANOS after it. */
        long unackedSince;
        final Map<Integer, Long> lastFrom = new HashMap<>();

        Peer(Target target, int index) {
            this.target = target;
            this.index = index;
        }

        /** What the web UI's signal carries (js/ack.js, carry): the highest seq received, if not acknowledged yet. */
        String carriedAck() {
            if (!target.kaigi() || !CARRY_ACKS || highestSeq <= ackedSeq) {
                return "";
            }
            ackedSeq = highestSeq;
            unackedSince = 0;
            return ",\"ack\":" + highestSeq;
        }

        Future<Peer> join(String room) {
            Promise<Peer> welcomed = Promise.promise();
            client.connect(target.url().getPort(), target.url().getHost(), target.roomPath(room)).onFailure(welcomed::tryFail)
                    .onSuccess(ws -> {
                        socket = ws;
                        ws.textMessageHandler(frame -> {
                            if (id == null && frame.startsWith("{\"type\":\"welcome\"")) {
                                int at = frame.indexOf("\"peerId\":\"") + 10;
                                id = frame.substring(at, at + 22);
                                welcomed.tryComplete(this);
                            } else {
                                onFrame(this, frame);
                            }
                        });
                        ws.exceptionHandler(failure -> welcomed.tryFail(failure));
                        ws.writeTextMessage("{\"type\":\"join\",\"name\":\"bench " + index + "\"}");
                    });
            return welcomed.future();
        }

        void send(boolean sdp) {
            long now = System.nanoTime();
            String payload = sdp ? ",\"sdp\":\"" + SDP + "\"" : ",\"candidate\":\"" + CANDIDATE + "\"";
            socket.writeTextMessage("{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"t\":" + now + ",\"f\":"
                    + index + ",\"s\":" + (++nextSeq) + payload + "}" + carriedAck() + "}");
            sentTotal++;
        }
    }

    void onFrame(Peer peer, String frame) {
        if (!frame.startsWith("{\"type\":\"signal\"")) {
            if (frame.startsWith("{\"type\":\"error\"")) {
                if (errors.merge(peer.target.name(), 1L, Long::sum) <= 5) {
                    System.out.println("  error frame: " + frame);
                }
            }
            return;
        }
        long now = System.nanoTime();
        received++;
        long sentAt = number(frame, "\"t\":");
        int from = (int) number(frame, "\"f\":");
        long s = number(frame, "\"s\":");
        Long last = peer.lastFrom.get(from);
        if (last != null && s == last) {
            duplicated++;
        } else if (last != null && s < last) {
            reordered++;
        } else {
            peer.lastFrom.put(from, s);
        }
        if (sentAt >= windowStart && sentAt < windowEnd && samples < latencies.length) {
            latencies[samples++] = now - sentAt;
            if (now - sentAt > SLOW_NANOS && slowCount < slowSentAt.length) {
                slowSentAt[slowCount] = sentAt;
                slowLatency[slowCount++] = now - sentAt;
            }
        }
        if (peer.target.kaigi()) {
            received(peer, number(frame, "\"seq\":"), now);
        }
    }

    /**
     * Acknowledges as the web UI does (web-ui js/ack.js): at once once ACK_EVERY messages are unacknowledged,
     * otherwise ACK_DELAY_NANOS after the first of them (checked every ACK_SWEEP_MILLIS). Before 2026-12-06 the
     * benchmark acknowledged only every 16, so the last few of each peer's messages stayed in Kaigi's resume queues
     * through every pause in the load, copied by each young collection until they were old enough to be promoted.
     */
    void received(Peer peer, long seq, long now) {
        if (seq <= peer.highestSeq) {
            return;
        }
        peer.highestSeq = seq;
        if (peer.highestSeq - peer.ackedSeq >= ACK_EVERY) {
            acknowledge(peer);
        } else if (peer.unackedSince == 0) {
            peer.unackedSince = now;
            ackDue.addLast(new AckDue(peer, now));
        }
    }

    void acknowledge(Peer peer) {
        peer.unackedSince = 0;
        if (peer.highestSeq > peer.ackedSeq && !peer.socket.isClosed()) {
            peer.socket.writeTextMessage("{\"type\":\"ack\",\"seq\":" + peer.highestSeq + "}");
            peer.ackedSeq = peer.highestSeq;
        }
    }

    /** A delayed ack, due ACK_DELAY_NANOS after {@code since}; stale once its peer acknowledged by count. */
    record AckDue(Peer peer, long since) {
    }

    /** Sends the delayed acks that are due, oldest first. */
    void sweepAcks() {
        long now = System.nanoTime();
        while (!ackDue.isEmpty() && now - ackDue.peekFirst().since() >= ACK_DELAY_NANOS) {
            AckDue due = ackDue.removeFirst();
            if (due.peer().unackedSince == due.since()) {
                acknowledge(due.peer());
            }
        }
    }

    static long number(String frame, String key) {
        int at = frame.lastIndexOf(key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + key.length(); i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Rooms of two; joins one socket after another, as people arrive. Returns the peers, paired. */
    List<Peer> joinRooms(Target target, int rooms, String tag) throws Exception {
        List<Peer> peers = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            String room = tag + "-" + r + "-" + Long.toHexString(System.nanoTime());
            Peer a = await(new Peer(target, peers.size()).join(room));
            peers.add(a);
            Peer b = await(new Peer(target, peers.size()).join(room));
            peers.add(b);
            a.to = b.id;
            b.to = a.id;
        }
        return peers;
    }

    void closeAll(List<Peer> peers) throws Exception {
        for (Peer peer : peers) {
            if (peer.socket != null) {
                vertx.runOnContext(v -> peer.socket.close((short) 1000));
            }
        }
        TimeUnit.SECONDS.sleep(2);
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Sends at a constant total rate, round robin over the peers, from a 1 ms timer; returns the timer id. */
    long startSending(List<Peer> peers, double ratePerSecond) {
        long start = System.nanoTime();
        long[] sent = {0};
        int[] next = {0};
        return vertx.setPeriodic(1, timer -> {
            long due = (long) ((System.nanoTime() - start) / 1e9 * ratePerSecond) - sent[0];
            for (long i = 0; i < Math.min(due, 5_000); i++) {
                Peer peer = peers.get(next[0]++ % peers.size());
                peer.send(sent[0] % 10 == 9);
                sent[0]++;
            }
        });
    }

    /**
     * cpuMicros: the relay's CPU per message, JIT compiler threads excluded; kernelMicros: the part of it spent in
     * the kernel (system time), so a gap to the floor shows as the relay's own code or the network path;
     * jitShare and gcShare: the compiler's and the collector's threads' CPU share; syscalls and faults: the relay's
     * read and write system calls (/proc/PID/io) and minor page faults per message, counts that this machine's load
     * does not move.
     */
    record Window(double p50, double p99, double max, double sentRate, double cpuMicros, double kernelMicros,
            double jitShare, double gcShare, double syscalls, double faults, long lost, long reordered,
            long duplicated) {
    }

    /** Offers a load, warms up, measures, stops, drains; loss counts what never arrived. */
    Window measure(List<Peer> peers, double rate, int warmupSeconds, int seconds) throws Exception {
        long pid = peers.get(0).target.pid();
        long sentBefore = onLoop(() -> sentTotal);
        long receivedBefore = onLoop(() -> received);
        long dupBefore = onLoop(() -> duplicated);
        long reorderBefore = onLoop(() -> reordered);
        long timer = startSending(peers, rate);
        TimeUnit.SECONDS.sleep(warmupSeconds);
        onLoop(() -> {
            samples = 0;
            slowCount = 0;
        });
        long[] timesStart = cpuTimes(pid);
        long syscallsStart = syscalls(pid);
        Map<String, Long> jitStart = compilerTicks(pid);
        Map<String, Long> gcStart = collectorTicks(pid);
        long receivedStart = onLoop(() -> received);
        long sentStart = onLoop(() -> sentTotal);
        windowStart = System.nanoTime();
        windowEnd = windowStart + TimeUnit.SECONDS.toNanos(seconds);
        TimeUnit.SECONDS.sleep(seconds);
        long jit = ticksSince(jitStart, compilerTicks(pid));
        long gc = ticksSince(gcStart, collectorTicks(pid));
        long[] times = cpuTimes(pid);
        long syscalls = syscalls(pid) - syscallsStart;
        long kernel = times[1] - timesStart[1];
        long cpu = times[0] - timesStart[0] + kernel - jit;
        long receivedInWindow = onLoop(() -> received) - receivedStart;
        double sentRate = (onLoop(() -> sentTotal) - sentStart) / (double) seconds;
        vertx.cancelTimer(timer);
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (onLoop(() -> received - receivedBefore) < onLoop(() -> sentTotal - sentBefore)
                && System.nanoTime() < drainUntil) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        windowStart = windowEnd = Long.MAX_VALUE;
        long[] sorted = onLoop(() -> Arrays.copyOf(latencies, samples));
        Arrays.sort(sorted);
        long missing = onLoop(() -> (sentTotal - sentBefore) - (received - receivedBefore));
        return new Window(pct(sorted, 50), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                sentRate, receivedInWindow == 0 ? 0 : cpu * MICROS_PER_TICK / receivedInWindow,
                receivedInWindow == 0 ? 0 : kernel * MICROS_PER_TICK / receivedInWindow, cpuShare(jit, seconds),
                cpuShare(gc, seconds),
                perMessage(syscalls, receivedInWindow), perMessage(times[2] - timesStart[2], receivedInWindow), missing,
                onLoop(() -> reordered) - reorderBefore, onLoop(() -> duplicated) - dupBefore);
    }

    private void appendSlow(String name) throws Exception {
        StringBuilder lines = new StringBuilder();
        onLoop(() -> {
            for (int i = 0; i < slowCount; i++) {
                lines.append(name).append(' ').append(slowSentAt[i]).append(' ').append(slowLatency[i]).append('\n');
            }
        });
        Files.writeString(Path.of(SLOW_LOG), lines, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    <T> T onLoop(java.util.concurrent.Callable<T> read) throws Exception {
        Promise<T> result = Promise.promise();
        vertx.runOnContext(v -> {
            try {
                result.complete(read.call());
            } catch (Exception e) {
                result.fail(e);
            }
        });
        return await(result.future());
    }

    void onLoop(Runnable action) throws Exception {
        onLoop(() -> {
            action.run();
            return null;
        });
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    /** A clock tick of /proc's CPU times (USER_HZ, 100 on Linux), in µs. */
    static final double MICROS_PER_TICK = 10_000.0;

    /** CPU ticks spent over SECONDS, as a share of one CPU. */
    static double cpuShare(long ticks, double seconds) {
        return ticks * MICROS_PER_TICK / (seconds * 1e6);
    }

    /** A process's user and system time, in clock ticks, and its minor page faults, read at one instant. */
    static long[] cpuTimes(long pid) throws IOException {
        return times(Path.of("/proc/" + pid + "/stat"));
    }

    /** A process's read and write system calls so far (syscr + syscw): every socket read and write among them. */
    static long syscalls(long pid) throws IOException {
        long sum = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
            if (line.startsWith("syscr:") || line.startsWith("syscw:")) {
                sum += Long.parseLong(line.substring(6).strip());
            }
        }
        return sum;
    }

    static double perMessage(long count, long messages) {
        return messages == 0 ? 0 : count / (double) messages;
    }

    /** User + system time, in clock ticks, from a process's or thread's stat file. */
    static long ticks(Path stat) throws IOException {
        long[] times = times(stat);
        return times[0] + times[1];
    }

    /** User and system time, in clock ticks, and minor page faults. */
    private static long[] times(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[7])};
    }

    /**
     * CPU ticks of the JIT compiler threads, by thread id. Compiling is a one-off cost of a fresh process, not of
     * relaying, yet with the image's raised C2 thresholds it goes on for a minute under load: counted in, it made a
     * relay with more code look dearer per message than it is once warm.
     */
    static Map<String, Long> compilerTicks(long pid) throws IOException {
        return threadTicks(pid, "C[12] CompilerThre.*");
    }

    /** CPU ticks of the collector's worker threads, by thread id: where a turn's young collections show. */
    static Map<String, Long> collectorTicks(long pid) throws IOException {
        return threadTicks(pid, "GC Thread.*");
    }

    /** CPU ticks of the threads whose name matches, by thread id. */
    static Map<String, Long> threadTicks(long pid, String name) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().matches(name)) {
                        byThread.put(task.getFileName().toString(), ticks(task.resolve("stat")));
                    }
                } catch (IOException exited) {
                    // threads come and go; one that exited was idle
                }
            }
        }
        return byThread;
    }

    /** Below this share of a CPU over the last 5 s step, a server's JIT counts as quiet and its warm-up ends. */
    static final double JIT_QUIET = 0.02;

    /** The JIT compiler threads' share of a CPU while the caller sleeps SECONDS (its load keeps running). */
    static double compilerShare(long pid, int seconds) throws Exception {
        Map<String, Long> start = compilerTicks(pid);
        TimeUnit.SECONDS.sleep(seconds);
        return cpuShare(ticksSince(start, compilerTicks(pid)), seconds);
    }

    /** Ticks the threads alive at the end spent since the start; a thread that exited meanwhile was idle. */
    static long ticksSince(Map<String, Long> start, Map<String, Long> end) {
        long sum = 0;
        for (Map.Entry<String, Long> thread : end.entrySet()) {
            sum += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
        }
        return sum;
    }

    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** Live heap: a full collection, then the used bytes of every generation (jstat, the same for any collector). */
    static long heapAfterGc(long pid) throws Exception {
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        run(bin + "/jcmd", String.valueOf(pid), "GC.run");
        String[] lines = run(bin + "/jstat", "-gc", String.valueOf(pid)).trim().split("\n");
        List<String> head = Arrays.asList(lines[0].trim().split("\\s+"));
        String[] values = lines[1].trim().split("\\s+");
        double kib = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            kib += Double.parseDouble(values[head.indexOf(column)]);
        }
        return (long) (kib * 1024);
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static void result(Target target, String what, String values) {
        System.out.println("RESULT " + target.name() + " " + what + " " + values);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Seconds of RSS readings per idle figure (-Didle.settle=S; 1 reads once, at once, as before 2026-12-06). The
     * readings start once the server's JIT is quiet and its heap collected (see settledRss for which reading counts):
     * with the images' 5 s native-heap trim an idle Kaigi's RSS swung by 18-26 MB within seconds (seen at 10 000
     * sockets), so one reading was as much the trim's phase as the sockets'. Eleven seconds span two trims.
     */
    static final int IDLE_SETTLE_SECONDS = Integer.getInteger("idle.settle", 11);

    /**
     * Seconds between a quiet JIT and the first RSS reading of a settled figure. The memory the JIT freed reaches the
     * system late: in the 11:48 run of 2026-12-06 (smaps every second) Kaigi's malloc arenas gave back 16 MB six
     * seconds after the JIT went quiet, in the middle of the readings, so the 1 000-socket figure's median was
     * either side of that drop (the "bimodal" figure). HotSpot hands freed compiler arenas back to malloc every 5 s
     * and the images trim every 5 s: two periods.
     */
    static final int FREED_MEMORY_RETURN_SECONDS = 10;

    /** Waits until the server's JIT has been quiet for a second, 30 s at most: the join path compiles in waves. */
    static void awaitQuietJit(Target target) throws Exception {
        for (int waited = 0; waited < 30 && compilerShare(target.pid(), 1) >= JIT_QUIET; waited++) {
            // still compiling
        }
    }

    /**
     * The lowest and the median of RSS readings every 0.5 s over SECONDS, from FREED_MEMORY_RETURN_SECONDS after a
     * quiet JIT; 1 or less: one reading after 1 s.
     *
     * <p>The idle figures use the lowest: the memory the server comes back to. An idle Kaigi still compiles now and
     * then (its heartbeat's pongs reach C2 in Netty's read path), and each C2 compile held 14-16 MB of scratch memory
     * for 5-10 s until the trim returned it (the 11:57 run of 2026-12-06, with the JIT's log beside smaps); landing
     * in a reading window it decided the median. The median stays in the output beside it.
     */
    static Rss settledRss(Target target, int seconds) throws Exception {
        if (seconds <= 1) {
            TimeUnit.SECONDS.sleep(1);
            long rss = rssBytes(target.pid());
            return new Rss(rss, rss);
        }
        TimeUnit.SECONDS.sleep(FREED_MEMORY_RETURN_SECONDS);
        List<Double> readings = new ArrayList<>();
        for (int i = 0; i < seconds * 2; i++) {
            readings.add((double) rssBytes(target.pid()));
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return new Rss((long) Collections.min(readings).doubleValue(), (long) median(readings));
    }

    /** An idle server's RSS: the lowest reading, and the median. */
    record Rss(long lowest, long median) {
    }

    /** A settled server's live heap and RSS. */
    record Settled(long heap, Rss rss) {
    }

    /** Once the JIT is quiet: the live heap after a full collection, then the settled RSS. */
    static Settled settle(Target target, int seconds) throws Exception {
        awaitQuietJit(target);
        long heap = heapAfterGc(target.pid());
        return new Settled(heap, settledRss(target, seconds));
    }

    /**
     * Memory per idle joined connection at several sizes, and the time of one sequential join. One target after
     * the other: 10 000 sockets each would exceed the generator's file limit if all were open at once. Every RSS,
     * the baseline's too, is read once the server has settled (see IDLE_SETTLE_SECONDS): read at once, the JIT's
     * scratch arenas for the join path (≈ 15 MB in Kaigi at 1 000 joins) counted as the sockets'.
     */
    void idleConnections(int[] sizes, int settleSeconds) throws Exception {
        for (Target target : targets) {
            closeAll(joinRooms(target, 100, "warm"));
            Settled base = settle(target, settleSeconds);
            List<Peer> all = new ArrayList<>();
            long joinNanos = 0;
            for (int size : sizes) {
                long start = System.nanoTime();
                all.addAll(joinRooms(target, (size - all.size()) / 2, "idle"));
                joinNanos += System.nanoTime() - start;
                reportIdle(target, "idle", all.size(), base, joinNanos, settleSeconds);
            }
            // A second wave of as many sockets, after the first closed: with a fixed-size heap, the first wave's RSS
            // growth is largely heap pages touched for the first time (bounded by -Xmx), which a server that has
            // once held that many sockets keeps resident. The second wave's growth is what each socket holds.
            int largest = all.size();
            closeAll(all);
            TimeUnit.SECONDS.sleep(2);
            base = settle(target, settleSeconds);
            long start = System.nanoTime();
            List<Peer> again = joinRooms(target, largest / 2, "again");
            reportIdle(target, "idle-again", again.size(), base, System.nanoTime() - start, settleSeconds);
            closeAll(again);
        }
    }

    /**
     * Time per sequential join, in TURNS turns of SOCKETS joins per target, the order rotated each turn so that every
     * target is timed first, second, … equally often; each figure is the median of its turns. The idle phase times
     * its targets one after the other, and whoever is timed first pays more (two identical floors came to 0.43-0.60x
     * there; docs/benchmarks.md, 2026-12-07), so the join-time target is read from this figure.
     */
    void joinTurns(int sockets, int turns) throws Exception {
        Map<Target, List<Double>> perJoin = new LinkedHashMap<>();
        for (int turn = 0; turn < turns; turn++) {
            for (Target target : rotated(turn)) {
                long start = System.nanoTime();
                List<Peer> peers = joinRooms(target, sockets / 2, "joins");
                perJoin.computeIfAbsent(target, t -> new ArrayList<>())
                        .add((System.nanoTime() - start) / 1e6 / peers.size());
                closeAll(peers);
            }
        }
        for (Map.Entry<Target, List<Double>> entry : perJoin.entrySet()) {
            result(entry.getKey(), "joins", String.format(Locale.ROOT, "sockets=%d join_ms=%.3f turns=%d all_ms=%s",
                    sockets, median(entry.getValue()), turns, entry.getValue().stream()
                            .map(ms -> String.format(Locale.ROOT, "%.3f", ms)).collect(Collectors.joining(","))));
        }
    }

    /** The targets in their order moved on by {@code by}: the first is target {@code by} (modulo their number). */
    private List<Target> rotated(int by) {
        List<Target> order = new ArrayList<>(targets);
        Collections.rotate(order, -by);
        return order;
    }

    /** Joins per target and turn in joinTurns: 2 000 sockets, about 2-3 s of joins per turn on this machine. */
    static final int JOIN_TURN_SOCKETS = Integer.getInteger("join.turn.sockets", 2_000);

    /** Rooms this generator joins on a relay of its own before it times any server's joins. */
    static final int GENERATOR_WARM_ROOMS = Integer.getInteger("generator.warm.rooms", 10_000);

    /**
     * Joins and closes ROOMS rooms of two on a floor relay started inside this process (on the generator's CPU), so
     * that the client's own connect and join path is compiled (C2, past its ≈ 10 000 calls) before any server's joins
     * are timed. Without it the first server measured paid for part of this JVM's warm-up: with Kaigi first, its time
     * per join at 1 000 sockets was 2.2x the floor's, with this 1.7x; the first server still pays more than the others
     * (docs/benchmarks.md, 2026-12-07). No server under test sees these joins.
     */
    void warmGeneratorJoins(int rooms) throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Floor.main(new String[] {"relay", String.valueOf(port), "1"});
        for (int tries = 0; ; tries++) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (tries > 100) {
                    throw notYet;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        long start = System.nanoTime();
        Target own = new Target("floor", URI.create("ws://127.0.0.1:" + port), ProcessHandle.current().pid());
        for (int joined = 0; joined < rooms; joined += 1_000) { // a thousand rooms at a time: 4 000 descriptors here
            closeAll(joinRooms(own, Math.min(1_000, rooms - joined), "generator-warm"));
        }
        System.out.printf(Locale.ROOT, "  generator: %d joins on its own relay first, %.3f ms each%n", 2 * rooms,
                (System.nanoTime() - start) / 1e6 / (2 * rooms));
    }

    /** Memory per socket over the baselines, once the server has settled, and the time per join. */
    private void reportIdle(Target target, String what, int sockets, Settled base, long joinNanos,
            int settleSeconds) throws Exception {
        Settled now = settle(target, settleSeconds);
        long heap = now.heap(), rss = now.rss().lowest(), heapBase = base.heap(), rssBase = base.rss().lowest();
        long median = now.rss().median(), medianBase = base.rss().median();
        result(target, what, String.format(Locale.ROOT, "sockets=%d rss_kib_per_conn=%.2f heap_kib_per_conn=%.2f "
                + "join_ms=%.3f rss_mib=%.1f rss_base_mib=%.1f rss_median_kib_per_conn=%.2f rss_median_mib=%.1f "
                + "rss_median_base_mib=%.1f", sockets, (rss - rssBase) / 1024.0 / sockets,
                (heap - heapBase) / 1024.0 / sockets, joinNanos / 1e6 / sockets, rss / 1048576.0, rssBase / 1048576.0,
                (median - medianBase) / 1024.0 / sockets, median / 1048576.0, medianBase / 1048576.0));
    }

    /**
     * Relays a load on every target in turn, unmeasured, until the JIT has compiled the relay path: the figures are
     * of a warm server, as a long-running one is. (Without it the first turns of the first fixed load still ran
     * partly interpreted: p99 4.4, 2.4, then 0.6 ms in Kaigi's three turns at 5 000/s, CPU 70, 33, 31 us.) SECONDS
     * first, then on in 5 s steps (two minutes at most) until the JIT compiler spent under 2 % of a CPU in the last.
     */
    void warmUp(int rooms, double ratePerPeer, int seconds) throws Exception {
        for (Target target : targets) {
            List<Peer> peers = joinRooms(target, rooms, "jit");
            Window w = measure(peers, rooms * 2 * ratePerPeer, seconds - 5, 5);
            int total = seconds;
            while (w.jitShare >= JIT_QUIET && total < seconds + 120) {
                w = measure(peers, rooms * 2 * ratePerPeer, 0, 5);
                total += 5;
            }
            System.out.printf(Locale.ROOT, "  %s warm-up %.0f/s for %d s, last 5 s: p99 %.2f ms, %.2f us CPU,"
                    + " JIT %.1f %% of a CPU, lost %d%n", target.name(), rooms * 2 * ratePerPeer, total, w.p99,
                    w.cpuMicros, w.jitShare * 100, w.lost);
            closeAll(peers);
        }
    }

    /** The full run's idle phase: memory per idle socket in waves, then join time in rotating turns. */
    void idlePhase() throws Exception {
        warmGeneratorJoins(GENERATOR_WARM_ROOMS);
        idleConnections(new int[] {1_000, 5_000, 10_000}, IDLE_SETTLE_SECONDS);
        joinTurns(JOIN_TURN_SOCKETS, 3 * targets.size()); // three turns in which each target is timed first
    }

    /** The full run's warm-up, run without its idle phase: then a full collection, as the idle phase leaves them. */
    void warmUpAlone() throws Exception {
        warmUp(100, 100, 30);
        collectFully();
    }

    /** The full run's three fixed loads: 5 000, 10 000 and 20 000 msgs/s. */
    void fixedLoads() throws Exception {
        // Seven turns per side: one turn's p99 moves up to 4x on this machine (docs/benchmarks.md, 2026-11-27).
        fixedLoad(250, 10, 3, 5, 7);
        fixedLoad(250, 20, 3, 5, 7);
        fixedLoad(100, 100, 3, 5, 7);
    }

    /**
     * A full collection of every target, as the full run's idle phase leaves them before the fixed loads: without
     * one, a fresh process copies its start-up objects at each of its first 15 young collections (docs/benchmarks.md).
     */
    void collectFully() throws Exception {
        for (Target target : targets) {
            System.out.printf("  %s: %d KiB live after a full collection%n", target.name(),
                    heapAfterGc(target.pid()) / 1024);
        }
    }

    /** One fixed load on every target in turn, ROUNDS times; reports the median of the turns. */
    void fixedLoad(int rooms, double ratePerPeer, int warmup, int seconds, int rounds) throws Exception {
        Map<Target, List<Peer>> peers = new HashMap<>();
        Map<Target, List<Window>> windows = new HashMap<>();
        for (Target target : targets) {
            peers.put(target, joinRooms(target, rooms, "load"));
            windows.put(target, new ArrayList<>());
        }
        double rate = rooms * 2 * ratePerPeer;
        for (int round = 0; round < rounds; round++) {
            // With three sides or more the order moves by one each round, as in joinTurns: a turn right after another
            // server's can find that server's leftovers (a collection, a compile) on the shared CPU. Two sides
            // alternate, which already puts each after the other.
            for (Target target : rotated(targets.size() > 2 ? round : 0)) {
                Window w = measure(peers.get(target), rate, warmup, seconds);
                if (SLOW_LOG != null) {
                    appendSlow(target.name());
                }
                System.out.printf(Locale.ROOT, "  %s %.0f/s turn %d: p50 %.2f p99 %.2f max %.2f ms, %.2f us CPU "
                        + "(%.2f in the kernel), %.3f read/write calls and %.4f page faults per message; JIT %.0f ms, "
                        + "GC %.0f ms%n", target.name(), rate, round + 1, w.p50, w.p99, w.max, w.cpuMicros,
                        w.kernelMicros, w.syscalls, w.faults, w.jitShare * seconds * 1000, w.gcShare * seconds * 1000);
                windows.get(target).add(w);
            }
        }
        for (Target target : targets) {
            List<Window> ws = windows.get(target);
            result(target, "load", String.format(Locale.ROOT, "rate=%.0f rooms=%d p50=%.2f p99=%.2f max=%.2f "
                    + "sent=%.0f cpu_us=%.2f kernel_us=%.2f syscalls=%.3f faults=%.4f lost=%d reordered=%d "
                    + "duplicated=%d errors=%d p99_turns=%s", rate, rooms,
                    median(ws.stream().map(Window::p50).toList()), median(ws.stream().map(Window::p99).toList()),
                    median(ws.stream().map(Window::max).toList()), median(ws.stream().map(Window::sentRate).toList()),
                    median(ws.stream().map(Window::cpuMicros).toList()),
                    median(ws.stream().map(Window::kernelMicros).toList()),
                    median(ws.stream().map(Window::syscalls).toList()),
                    median(ws.stream().map(Window::faults).toList()),
                    ws.stream().mapToLong(Window::lost).sum(),
                    ws.stream().mapToLong(Window::reordered).sum(), ws.stream().mapToLong(Window::duplicated).sum(),
                    errors.getOrDefault(target.name(), 0L),
                    ws.stream().map(w -> String.format(Locale.ROOT, "%.2f", w.p99)).collect(Collectors.joining("/"))));
            closeAll(peers.get(target));
        }
    }

    /**
     * Raises the offered rate step by step, every target in turn at each step; a target's saturation rate is the
     * last step it held with p99 <= 50 ms and nothing lost or reordered. A step that misses only the p99 is measured
     * once more before it ends the ramp, and the whole ramp runs RAMPS times, each target keeping its best: the
     * machine's other load can only make a relay look slower, so the best of several tries is the estimate of what
     * it can hold (docs/benchmarks.md). A relay past its capacity misses every try. The same rule for every target.
     */
    void saturation(int rooms, int from, int step, int to, int seconds, int ramps) throws Exception {
        record Ramp(int held, String limitedBy) {
        }
        Map<Target, List<Peer>> peers = new HashMap<>();
        Map<Target, List<Ramp>> done = new HashMap<>();
        Map<Target, Integer> secondTries = new HashMap<>();
        for (Target target : targets) {
            peers.put(target, joinRooms(target, rooms, "ramp"));
            done.put(target, new ArrayList<>());
            secondTries.put(target, 0);
        }
        for (int ramp = 1; ramp <= ramps; ramp++) {
            Map<Target, Integer> held = new HashMap<>();
            Map<Target, String> limitedBy = new HashMap<>();
            for (int rate = from; rate <= to; rate += step) {
                for (Target target : targets) {
                    if (limitedBy.containsKey(target)) {
                        continue;
                    }
                    Window w = rampStep(peers.get(target), target, ramp, rate, seconds, "");
                    String missed = missed(w, rate);
                    if ("relay".equals(missed) && w.lost == 0 && w.reordered == 0) {
                        secondTries.merge(target, 1, Integer::sum);
                        missed = missed(rampStep(peers.get(target), target, ramp, rate, seconds, " (second try)"), rate);
                    }
                    if (missed == null) {
                        held.put(target, rate);
                    } else {
                        limitedBy.put(target, missed);
                    }
                }
            }
            for (Target target : targets) {
                done.get(target).add(new Ramp(held.getOrDefault(target, 0), limitedBy.getOrDefault(target, "ramp")));
            }
        }
        for (Target target : targets) {
            List<Ramp> tried = done.get(target);
            Ramp best = tried.stream().max(Comparator.comparingInt(Ramp::held)).orElseThrow();
            result(target, "saturation", "rate=" + best.held() + " limited_by=" + best.limitedBy() + " second_tries="
                    + secondTries.get(target) + " ramps="
                    + tried.stream().map(r -> String.valueOf(r.held())).collect(Collectors.joining(",")));
            closeAll(peers.get(target));
        }
    }

    /** Why a ramp step did not hold: null when it held, else what could not keep up. */
    private static String missed(Window w, int rate) {
        if (w.sentRate < 0.95 * rate) {
            return "generator"; // the load generator, not the relay, could not go faster
        }
        return w.p99 > 50 || w.lost > 0 || w.reordered > 0 ? "relay" : null;
    }

    private Window rampStep(List<Peer> peers, Target target, int ramp, int rate, int seconds, String which)
            throws Exception {
        Window w = measure(peers, rate, 1, seconds);
        System.out.printf(Locale.ROOT, "  %s ramp %d, %d/s%s: sent %.0f/s p99 %.2f ms lost %d%n", target.name(), ramp,
                rate, which, w.sentRate, w.p99, w.lost);
        return w;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int first = mode.equals("hold") || mode.equals("steady") ? (mode.equals("hold") ? 2 : 3) : 1;
        List<Target> targets = new ArrayList<>();
        for (String spec : Arrays.copyOfRange(args, first, args.length)) {
            targets.add(Target.parse(spec));
        }
        RelayLoad load = new RelayLoad(targets);
        if (mode.equals("hold")) {
            load.joinRooms(targets.get(0), Integer.parseInt(args[1]) / 2, "hold");
            System.out.println("holding");
            TimeUnit.DAYS.sleep(1);
        } else if (mode.equals("steady")) {
            int rooms = Integer.getInteger("rooms", 100);
            double perPeer = Double.parseDouble(args[1]) / (2 * rooms);
            load.warmUp(rooms, perPeer, 30);
            load.collectFully();
            load.fixedLoad(rooms, perPeer, 5, Integer.parseInt(args[2]), Integer.getInteger("turns", 3));
        } else if (mode.equals("ramp")) {
            load.warmUp(100, 100, 30);
            load.saturation(100, 20_000, 10_000, 150_000, 4, 2);
        } else if (mode.equals("idle")) {
            load.idlePhase();
        } else if (mode.equals("quick")) {
            load.idleConnections(new int[] {200}, 1);
            load.joinTurns(100, targets.size());
            load.fixedLoad(20, 50, 1, 2, 1);
        } else if (mode.equals("tail")) {
            // The full run's 20 000/s load alone, in many more turns: seven cannot tell a p99 of 1.3x from 1.8x there.
            load.warmUpAlone();
            load.fixedLoad(100, 100, 3, 5, Integer.getInteger("tail.turns", 21));
        } else if (mode.equals("loads")) {
            load.warmUpAlone();
            load.fixedLoads();
        } else {
            load.idlePhase();
            load.warmUp(100, 100, 30);
            load.fixedLoads();
            load.saturation(100, 20_000, 10_000, 150_000, 4, 2);
        }
        load.vertx.close();
        System.exit(0);
    }
}
