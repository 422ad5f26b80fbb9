import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Closed-loop HTTP load: CLIENTS keep-alive connections, each with one request in flight, for SECONDS after a
 * warm-up; reports requests/s and latency. Every answer must be 200 with a TURN credential in it.
 *
 * Run (it uses RelayLoad's /proc readers, so both are compiled together):
 *   javac -d DIR -cp 'signaling-service/target/quarkus-app/lib/main/*' bench/RelayLoad.java bench/HttpLoad.java
 *   java -cp 'DIR:signaling-service/target/quarkus-app/lib/main/*' HttpLoad NAME URL CLIENTS SECONDS JOIN_SECRET [PID]
 *   JOIN_SECRET: sign a join token (HS256, as the signaling service does) and send it as the bearer token.
 *   PID: the server's process; the warm-up then goes on in 5 s steps (a minute at most) until its JIT compiler
 *   threads used under 2 % of a CPU in the last, the relay benchmark's rule: on one CPU, a server still compiling
 *   serves fewer requests, more so the server with more code.
 */
public class HttpLoad {
    public static void main(String[] args) throws Exception {
        String name = args[0];
        URI url = URI.create(args[1]);
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String authorization = "Bearer " + joinToken(args[4]);
        long pid = args.length > 5 ? Long.parseLong(args[5]) : -1;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(clients));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost())
                .setPort(url.getPort()).setURI(url.getRawPath());
        request.putHeader("Authorization", authorization);
        long[] latencies = new long[20_000_000];
        AtomicLong count = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
        boolean[] stop = {false};
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (stop[0]) {
                return;
            }
            long start = System.nanoTime();
            client.request(request).compose(r -> r.send()).compose(response -> response.body().map(body -> {
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
                if (start >= window[0] && start < window[1]) {
                    long i = count.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[(int) i] = System.nanoTime() - start;
                    }
                }
                loop[0].run();
            });
        };
        for (int i = 0; i < clients; i++) {
            vertx.runOnContext(v -> loop[0].run());
        }
        TimeUnit.SECONDS.sleep(Math.min(5, seconds));
        for (int step = 0; pid > 0 && step < 12; step++) {
            double jitShare = RelayLoad.compilerShare(pid, 5);
            if (jitShare < RelayLoad.JIT_QUIET) {
                break;
            }
            System.out.printf(Locale.ROOT, "  %s still compiling (%.1f %% of a CPU), warming up 5 s more%n", name,
                    jitShare * 100);
        }
        long from = System.nanoTime();
        window[0] = from;
        window[1] = from + TimeUnit.SECONDS.toNanos(seconds);
        TimeUnit.SECONDS.sleep(seconds);
        stop[0] = true;
        TimeUnit.MILLISECONDS.sleep(500);
        int n = (int) Math.min(count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "RESULT %s http clients=%d rps=%.0f p50=%.2f p99=%.2f failures=%d%n", name, clients,
                n / (double) seconds, pct(sorted, 50), pct(sorted, 99), failures.get());
        vertx.close();
        System.exit(failures.get() == 0 ? 0 : 1);
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
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
