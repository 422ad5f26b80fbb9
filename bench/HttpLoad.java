import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Closed-loop HTTP load on one or more servers, measured in turns (a, b, a, b, …) like the relays in
 * {@code RelayLoad}: CLIENTS keep-alive connections per server, each with one request in flight. Each figure is the
 * median of a server's turns, so a neighbour that slows the machine for a while touches every server alike. Every
 * answer must be 200 with a TURN credential in it.
 *
 * Run (it uses RelayLoad's /proc readers, so both are compiled together):
 *   javac -d DIR -cp 'signaling-service/target/quarkus-app/lib/main/*' bench/RelayLoad.java bench/HttpLoad.java
 *   java -cp 'DIR:signaling-service/target/quarkus-app/lib/main/*' HttpLoad CLIENTS SECONDS TURNS JOIN_SECRET \
 *       NAME=URL=PID...
 *   JOIN_SECRET: sign a join token (HS256, as the signaling service does) and send it as the bearer token.
 *   PID: the server's process. Each server is first warmed up: 5 s, then on in 5 s steps (a minute at most) until its
 *   JIT compiler threads used under 2 % of a CPU in the last, the relay benchmark's rule (on one CPU, a server still
 *   compiling serves fewer requests, more so the server with more code). Its CPU time per request is read from /proc.
 */
public class HttpLoad {
    record Turn(double rps, double p50, double p99, double cpuMicros) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final int clients;
    private final RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET);
    private final Map<RelayLoad.Target, HttpClient> pools = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();
    /** Latencies of the requests started within the current window; one window at a time. */
    private final long[] latencies = new long[10_000_000];

    HttpLoad(int clients, String authorization) {
        this.clients = clients;
        request.putHeader("Authorization", authorization);
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int turns = Integer.parseInt(args[2]);
        HttpLoad load = new HttpLoad(clients, "Bearer " + joinToken(args[3]));
        List<RelayLoad.Target> targets = Arrays.stream(args, 4, args.length).map(RelayLoad.Target::parse).toList();
        for (RelayLoad.Target target : targets) {
            load.warmUp(target);
        }
        Map<RelayLoad.Target, List<Turn>> measured = new HashMap<>();
        for (int turn = 1; turn <= turns; turn++) {
            for (RelayLoad.Target target : targets) {
                Turn t = load.measure(target, seconds);
                System.out.printf(Locale.ROOT, "  %s turn %d: %.0f requests/s, p50 %.2f p99 %.2f ms, %.2f us CPU per"
                        + " request%n", target.name(), turn, t.rps(), t.p50(), t.p99(), t.cpuMicros());
                measured.computeIfAbsent(target, k -> new ArrayList<>()).add(t);
            }
        }
        for (RelayLoad.Target target : targets) {
            List<Turn> ts = measured.get(target);
            System.out.printf(Locale.ROOT, "RESULT %s http clients=%d rps=%.0f p50=%.2f p99=%.2f cpu_us=%.2f turns=%d"
                    + " failures=%d%n", target.name(), clients, RelayLoad.median(ts.stream().map(Turn::rps).toList()),
                    RelayLoad.median(ts.stream().map(Turn::p50).toList()),
                    RelayLoad.median(ts.stream().map(Turn::p99).toList()),
                    RelayLoad.median(ts.stream().map(Turn::cpuMicros).toList()), turns, load.failures.get());
        }
        load.vertx.close();
        System.exit(load.failures.get() == 0 ? 0 : 1);
    }

    private void warmUp(RelayLoad.Target target) throws Exception {
        Load load = new Load(target);
        TimeUnit.SECONDS.sleep(5);
        for (int step = 0; step < 12; step++) {
            double jitShare = RelayLoad.compilerShare(target.pid(), 5);
            if (jitShare < RelayLoad.JIT_QUIET) {
                break;
            }
            System.out.printf(Locale.ROOT, "  %s still compiling (%.1f %% of a CPU), warming up 5 s more%n",
                    target.name(), jitShare * 100);
        }
        load.stop();
    }

    private Turn measure(RelayLoad.Target target, int seconds) throws Exception {
        Load load = new Load(target);
        TimeUnit.SECONDS.sleep(1); // every client's first request out of the way
        long[] cpuBefore = RelayLoad.cpuTimes(target.pid());
        long from = System.nanoTime();
        load.window(from, from + TimeUnit.SECONDS.toNanos(seconds));
        TimeUnit.SECONDS.sleep(seconds);
        long[] cpuAfter = RelayLoad.cpuTimes(target.pid());
        load.stop();
        int n = (int) Math.min(load.count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long ticks = cpuAfter[0] + cpuAfter[1] - cpuBefore[0] - cpuBefore[1];
        return new Turn(n / (double) seconds, RelayLoad.pct(sorted, 50), RelayLoad.pct(sorted, 99),
                n == 0 ? 0 : ticks * RelayLoad.MICROS_PER_TICK / n);
    }

    /** CLIENTS requests kept in flight on one target from construction until {@link #stop()}. */
    private final class Load {
        private final HttpClient client;
        private final RequestOptions to;
        private final CountDownLatch ended = new CountDownLatch(clients);
        private final AtomicLong count = new AtomicLong();
        private volatile boolean stopped;
        private volatile long from = Long.MAX_VALUE;
        private volatile long until = Long.MAX_VALUE;

        Load(RelayLoad.Target target) {
            // One pool per target for the whole run: its connections stay open from turn to turn.
            client = pools.computeIfAbsent(target, t -> vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(clients)));
            to = new RequestOptions(request).setHost(target.url().getHost()).setPort(target.url().getPort())
                    .setURI(target.url().getRawPath());
            for (int i = 0; i < clients; i++) {
                vertx.runOnContext(v -> next());
            }
        }

        void window(long start, long end) {
            until = end;
            from = start;
        }

        void stop() throws InterruptedException {
            stopped = true;
            if (!ended.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests still in flight 30 s after the load stopped");
            }
        }

        private void next() {
            if (stopped) {
                ended.countDown();
                return;
            }
            long start = System.nanoTime();
            client.request(to).compose(r -> r.send()).compose(response -> response.body().map(body -> {
                if (response.statusCode() != 200 || !body.toString().contains("\"credential\"")) {
                    if (failures.incrementAndGet() <= 3) {
                        System.out.println("  unexpected answer " + response.statusCode() + ": " + body);
                    }
                }
                return body;
            })).onComplete(done -> {
                if (done.failed() && failures.incrementAndGet() <= 3) {
                    System.out.println("  request failed: " + done.cause());
                }
                if (start >= from && start < until) {
                    long i = count.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[(int) i] = System.nanoTime() - start;
                    }
                }
                next();
            });
        }
    }

    static String joinToken(String secret) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"iss\":\"kaigi-signaling\",\"aud\":\"kaigi-turn\",\"sub\":\"benchPeer0123456789abc\","
                        + "\"room\":\"bench\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
