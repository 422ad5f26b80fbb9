import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for the signaling relay: ROOMS rooms of PEERS peers; every peer sends RATE signals per second,
 * round-robin to the others in its room, each carrying its send time and a per sender->recipient sequence
 * number. Reports relay throughput, end-to-end latency (client send -> server relay -> client receive, all on
 * loopback), and checks delivery: lost, reordered and duplicated signals.
 *
 * Run: java bench/SignalingLoad.java URLS ROOMS PEERS RATE SECONDS [PIDS]
 *   URLS: ws://127.0.0.1:8080, or several comma-separated (cluster mode): the peers of each room are spread
 *   over them in turn. PIDS: comma-separated server processes (replicas, Redis) whose CPU time is measured
 *   over the measured window, reported per relayed signal.
 * No dependencies: single-file source launch, JDK WebSocket client.
 */
public class SignalingLoad {
    static final Pattern PEER_ID = Pattern.compile("\"peerId\":\"([A-Za-z0-9_-]{22})\"");
    static final Pattern SENT_AT = Pattern.compile("\"t\":(\\d+)");
    /** -Dack.carry=false: acks in frames of their own, every 16 received, as the web UI did before 2026-12-06. */
    static final boolean CARRY_ACKS = Boolean.parseBoolean(System.getProperty("ack.carry", "true"));
    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)\\}$");
    static final Pattern ORDER = Pattern.compile("\"from\":\"([A-Za-z0-9_-]{22})\".*\"s\":(\\d+)");
    static final String PAD = "candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0 ufrag abcd network-id 1"
            .repeat(2);
    static final int MAX_SAMPLES = 5_000_000;

    final AtomicLongArray latencies = new AtomicLongArray(MAX_SAMPLES);
    final AtomicLong samples = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Map<String, AtomicLong> errorCodes = new ConcurrentHashMap<>();
    static final Pattern CODE = Pattern.compile("\"code\":\"([a-z-]+)\"");
    volatile boolean measuring;
    final AtomicLong received = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();

    final class Peer implements WebSocket.Listener {
        final CompletableFuture<String> welcomed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        String id;
        List<String> others = new ArrayList<>();
        int next;
        int unacked;
        volatile long pendingAck;
        /** The highest seq received (written by the receiving thread) and the highest acknowledged (sending thread). */
        volatile long highestSeq;
        long ackedSeq;
        /** Per recipient: signals sent to it; per sender: the highest sequence number received from it. */
        final Map<String, AtomicLong> sentTo = new ConcurrentHashMap<>();
        final Map<String, Long> highestFrom = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                long now = System.nanoTime();
                if (frame.startsWith("{\"type\":\"signal\"")) {
                    received.incrementAndGet();
                    Matcher numbered = SEQ.matcher(frame);
                    if (numbered.find()) {
                        long seq = Long.parseLong(numbered.group(1));
                        if (CARRY_ACKS) {
                            // The web UI carries the ack on its next signal (js/ack.js); every peer here signals
                            // several times a second, so its 1 s standalone ack would never come due.
                            highestSeq = Math.max(highestSeq, seq);
                        } else if (++unacked >= 16) {
                            // The sending thread sends it: a JDK WebSocket allows one outstanding send.
                            unacked = 0;
                            pendingAck = seq;
                        }
                    }
                    Matcher order = ORDER.matcher(frame);
                    if (order.find()) {
                        long seq = Long.parseLong(order.group(2));
                        Long highest = highestFrom.get(order.group(1));
                        if (highest != null && seq == highest) {
                            duplicated.incrementAndGet();
                        } else if (highest != null && seq < highest) {
                            reordered.incrementAndGet();
                        } else {
                            highestFrom.put(order.group(1), seq);
                        }
                    }
                    Matcher m = SENT_AT.matcher(frame);
                    if (measuring && m.find()) {
                        long i = samples.getAndIncrement();
                        if (i < MAX_SAMPLES) {
                            latencies.set((int) i, now - Long.parseLong(m.group(1)));
                        }
                    }
                } else if (frame.startsWith("{\"type\":\"welcome\"")) {
                    Matcher m = PEER_ID.matcher(frame);
                    m.find();
                    welcomed.complete(m.group(1));
                } else if (frame.startsWith("{\"type\":\"error\"")) {
                    errors.incrementAndGet();
                    Matcher m = CODE.matcher(frame);
                    errorCodes.computeIfAbsent(m.find() ? m.group(1) : "?", c -> new AtomicLong()).incrementAndGet();
                }
            }
            ws.request(1);
            return null;
        }

        /** What the web UI's signal carries (js/ack.js, carry): the highest seq received, if not acknowledged yet. */
        String carriedAck() {
            long highest = highestSeq;
            if (highest <= ackedSeq) {
                return "";
            }
            ackedSeq = highest;
            return ",\"ack\":" + highest;
        }

        void sendNext() {
            if (others.isEmpty()) {
                return;
            }
            long ack = pendingAck;
            if (ack > 0) {
                pendingAck = 0;
                socket.sendText("{\"type\":\"ack\",\"seq\":" + ack + "}", true).join();
            }
            String to = others.get(next++ % others.size());
            long seq = sentTo.computeIfAbsent(to, k -> new AtomicLong()).incrementAndGet();
            String frame = "{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"t\":" + System.nanoTime()
                    + ",\"candidate\":\"" + PAD + "\",\"s\":" + seq + "}" + carriedAck() + "}";
            socket.sendText(frame, true).join();
            if (measuring) {
                sent.incrementAndGet();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "ws://127.0.0.1:8080";
        int rooms = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int peersPerRoom = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        List<Long> pids = args.length > 5 ? Arrays.stream(args[5].split(",")).map(Long::parseLong).toList() : List.of();
        new SignalingLoad().run(base.split(","), rooms, peersPerRoom, rate, seconds, pids);
    }

    /** User + system CPU time of these processes, in clock ticks (100 per second on Linux). */
    static long cpuTicks(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read CPU time of pid " + pid, e);
            }
        }
        return ticks;
    }

    /**
     * Read and write system calls ({@code /proc/<pid>/io}: socket reads and writes among them) and context switches
     * (every thread's, from {@code /proc/<pid>/task/<tid>/status}) of these processes. Counts, not times: what a
     * signal costs in crossings between processes and the kernel, which a busy machine does not blur.
     */
    static long[] ioAndSwitches(List<Long> pids) {
        long io = 0;
        long switches = 0;
        for (long pid : pids) {
            java.nio.file.Path proc = java.nio.file.Path.of("/proc/" + pid);
            try (var tasks = java.nio.file.Files.list(proc.resolve("task"))) {
                io += sumOf(proc.resolve("io"), "syscr", "syscw");
                for (var task : tasks.toList()) {
                    try {
                        switches += sumOf(task.resolve("status"), "voluntary_ctxt_switches",
                                "nonvoluntary_ctxt_switches");
                    } catch (java.io.IOException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read I/O counts of pid " + pid, e);
            }
        }
        return new long[] {io, switches};
    }

    /** The sum of the values of these {@code key: value} lines of a /proc file. */
    private static long sumOf(java.nio.file.Path file, String... keys) throws java.io.IOException {
        List<String> wanted = List.of(keys);
        long sum = 0;
        for (String line : java.nio.file.Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0 && wanted.contains(line.substring(0, colon))) {
                sum += Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return sum;
    }

    void run(String[] bases, int rooms, int peersPerRoom, double rate, int seconds, List<Long> pids)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        List<Peer> all = new ArrayList<>();
        long setupStart = System.nanoTime();
        for (int r = 0; r < rooms; r++) {
            List<Peer> room = new ArrayList<>();
            String roomId = "bench-" + r + "-" + Long.toHexString(System.nanoTime());
            for (int p = 0; p < peersPerRoom; p++) {
                Peer peer = new Peer();
                String base = bases[p % bases.length];
                peer.socket = http.newWebSocketBuilder().buildAsync(URI.create(base + "/ws/rooms/" + roomId), peer)
                        .join();
                peer.socket.sendText("{\"type\":\"join\",\"name\":\"bench " + p + "\"}", true).join();
                peer.id = peer.welcomed.get(10, TimeUnit.SECONDS);
                room.add(peer);
            }
            for (Peer peer : room) {
                room.stream().filter(o -> o != peer).forEach(o -> peer.others.add(o.id));
            }
            all.addAll(room);
        }
        System.out.printf("connected %d sockets in %d rooms in %.1f s%n", all.size(), rooms,
                (System.nanoTime() - setupStart) / 1e9);

        // What the servers burn with every socket open but nothing sent (heartbeats, timers, JIT, Redis cron):
        // subtracted to report the marginal CPU of a relayed signal next to the total.
        double idleCores = 0;
        if (!pids.isEmpty()) {
            long idleStart = cpuTicks(pids);
            long idleFrom = System.nanoTime();
            TimeUnit.SECONDS.sleep(5);
            idleCores = (cpuTicks(pids) - idleStart) / 100.0 / ((System.nanoTime() - idleFrom) / 1e9);
        }
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
        long periodMicros = (long) (1_000_000 / rate);
        for (int i = 0; i < all.size(); i++) {
            Peer peer = all.get(i);
            senders.scheduleAtFixedRate(() -> {
                try {
                    peer.sendNext();
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    errorCodes.computeIfAbsent("client-send-failed", c -> new AtomicLong()).incrementAndGet();
                }
            }, (periodMicros * i) / all.size(), periodMicros, TimeUnit.MICROSECONDS);
        }
        TimeUnit.SECONDS.sleep(Math.min(5, seconds)); // warm-up
        measuring = true;
        long cpuStart = cpuTicks(pids);
        long[] countsStart = ioAndSwitches(pids);
        long[] perPidStart = pids.stream().mapToLong(pid -> cpuTicks(List.of(pid))).toArray();
        long relayedStart = received.get();
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        measuring = false;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpuTicks = cpuTicks(pids) - cpuStart;
        long[] countsEnd = ioAndSwitches(pids);
        StringBuilder perPid = new StringBuilder();
        for (int i = 0; i < pids.size(); i++) {
            perPid.append(String.format(" %d:%.2f", pids.get(i),
                    (cpuTicks(List.of(pids.get(i))) - perPidStart[i]) / 100.0 / ((System.nanoTime() - start) / 1e9)));
        }
        long relayedInWindow = received.get() - relayedStart;
        senders.shutdownNow();
        senders.awaitTermination(5, TimeUnit.SECONDS);
        // Drain: whatever is still in flight arrives now, so loss counts only what never comes.
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long sentTotal = all.stream().flatMap(p -> p.sentTo.values().stream()).mapToLong(AtomicLong::get).sum();
        while (received.get() < sentTotal && System.nanoTime() < drainUntil) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        long lost = sentTotal - received.get();

        int n = (int) Math.min(samples.get(), MAX_SAMPLES);
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        System.out.printf("offered   %.0f signals/s (%d sockets x %.1f/s)%n", all.size() * rate, all.size(), rate);
        System.out.printf("sent      %d in %.1f s = %.0f signals/s%n", sent.get(), elapsed, sent.get() / elapsed);
        System.out.printf("relayed   %d received = %.0f signals/s%n", n, n / elapsed);
        System.out.printf("latency   p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms%n", pct(sorted, 50),
                pct(sorted, 95), pct(sorted, 99), n == 0 ? 0 : sorted[n - 1] / 1e6);
        System.out.printf("errors    %d %s%n", errors.get(), errorCodes);
        System.out.printf("delivery  sent %d, received %d: lost %d, reordered %d, duplicated %d%n", sentTotal,
                received.get(), lost, reordered.get(), duplicated.get());
        java.util.function.DoubleUnaryOperator perSignal = total -> relayedInWindow == 0 ? 0 : total / relayedInWindow;
        double cpuMicrosPerSignal = perSignal.applyAsDouble(cpuTicks * 10_000.0);
        double busyCores = cpuTicks / 100.0 / elapsed;
        double marginalMicros = perSignal.applyAsDouble(Math.max(0, busyCores - idleCores) * elapsed * 1e6);
        double ioPerSignal = perSignal.applyAsDouble(countsEnd[0] - countsStart[0]);
        double switchesPerSignal = perSignal.applyAsDouble(countsEnd[1] - countsStart[1]);
        if (!pids.isEmpty()) {
            System.out.printf("kernel    %.2f read/write system calls and %.2f context switches per relayed signal%n",
                    ioPerSignal, switchesPerSignal);
            System.out.printf("server    %.2f cores busy (%.2f idle), %.1f us CPU per relayed signal, %.1f us above idle"
                    + " (cores by pid:%s)%n", busyCores, idleCores, cpuMicrosPerSignal, marginalMicros, perPid);
        }
        System.out.printf("RESULT offered=%.0f relayed=%.0f p50=%.2f p99=%.2f max=%.2f lost=%d reordered=%d "
                + "duplicated=%d errors=%d cpu_us=%.1f marginal_us=%.1f io=%.2f switches=%.2f%n", all.size() * rate,
                n / elapsed, pct(sorted, 50), pct(sorted, 99), n == 0 ? 0 : sorted[n - 1] / 1e6, lost, reordered.get(),
                duplicated.get(), errors.get(), cpuMicrosPerSignal, marginalMicros, ioPerSignal, switchesPerSignal);
        for (Peer peer : all) {
            peer.socket.abort();
        }
        System.exit(0);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
