import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady churn for a long soak: ROOMS rooms with one resident each; visitors arrive at RATE per second, join,
 * signal the resident, then leave (40 %), drop (30 %) or drop and resume (30 %). Runs for MINUTES, then stops.
 *
 * Run: java bench/SoakChurn.java ws://127.0.0.1:8080 MINUTES RATE [ROOMS]
 */
public class SoakChurn {
    static final Pattern FIELD = Pattern.compile("\"(peerId|resumeToken)\":\"([^\"]+)\"");

    static final class Client implements WebSocket.Listener {
        final CompletableFuture<String> welcome = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"type\":\"welcome\"")) {
                    welcome.complete(frame);
                } else if (frame.startsWith("{\"type\":\"error\"")) {
                    welcome.completeExceptionally(new IllegalStateException(frame));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }

    static Client open(HttpClient http, String base, String room) {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder().buildAsync(URI.create(base + "/ws/rooms/" + room), client).join();
        return client;
    }

    static String field(String frame, String name) {
        Matcher m = FIELD.matcher(frame);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + frame);
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        double minutes = Double.parseDouble(args[1]);
        double rate = Double.parseDouble(args[2]);
        int rooms = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        HttpClient http = HttpClient.newHttpClient();
        List<String> residents = new ArrayList<>();
        List<Client> residentClients = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            Client resident = open(http, base, "soak-" + r);
            resident.socket.sendText("{\"type\":\"join\",\"name\":\"resident\"}", true).join();
            residents.add(field(resident.welcome.get(10, TimeUnit.SECONDS), "peerId"));
            residentClients.add(resident);
        }
        AtomicLong cycles = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + (long) (minutes * 60e9);
        long period = (long) (1e9 / rate);
        long next = System.nanoTime();
        long lastReport = System.nanoTime();
        for (long i = 0; System.nanoTime() < end; i++) {
            try {
                int room = (int) (i % rooms);
                Client visitor = open(http, base, "soak-" + room);
                visitor.socket.sendText("{\"type\":\"join\",\"name\":\"v\"}", true).join();
                String welcome = visitor.welcome.get(10, TimeUnit.SECONDS);
                visitor.socket.sendText("{\"type\":\"signal\",\"to\":\"" + residents.get(room) + "\",\"data\":{\"n\":"
                        + i + "}}", true).join();
                long kind = i % 10;
                if (kind < 4) {
                    visitor.socket.sendText("{\"type\":\"leave\"}", true).join();
                    visitor.closed.get(10, TimeUnit.SECONDS);
                } else {
                    visitor.socket.abort();
                    if (kind >= 7) {
                        Client back = open(http, base, "soak-" + room);
                        back.socket.sendText("{\"type\":\"resume\",\"peerId\":\"" + field(welcome, "peerId")
                                + "\",\"resumeToken\":\"" + field(welcome, "resumeToken") + "\",\"lastSeq\":0}", true)
                                .join();
                        back.welcome.get(10, TimeUnit.SECONDS);
                        back.socket.sendText("{\"type\":\"leave\"}", true).join();
                        back.closed.get(10, TimeUnit.SECONDS);
                    }
                }
                cycles.incrementAndGet();
            } catch (Exception e) {
                if (failures.incrementAndGet() <= 5) {
                    System.out.println("cycle " + i + " failed: " + e);
                }
            }
            next += period;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            if (System.nanoTime() - lastReport > 60e9) {
                lastReport = System.nanoTime();
                System.out.printf("churn: %d cycles, %d failed%n", cycles.get(), failures.get());
            }
        }
        for (Client resident : residentClients) {
            resident.socket.sendText("{\"type\":\"leave\"}", true).join();
        }
        System.out.printf("CHURN cycles=%d failed=%d%n", cycles.get(), failures.get());
        System.exit(0);
    }
}
