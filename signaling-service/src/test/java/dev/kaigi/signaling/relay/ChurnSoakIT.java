package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10 000 connect → join → signal → leave / drop / drop-and-resume cycles across 20 rooms against the packaged
 * service. Afterwards rooms, peers and connections are back to zero, the heap after a GC is near where it
 * started, and the log has no ERROR line.
 */
class ChurnSoakIT {
    private static final Map<String, String> ENV = Map.of(
            "QUARKUS_PROFILE", "prod",
            "KAIGI_JOIN_TOKEN_SECRET", "it-join-token-secret-0123456789abcdefghijkl",
            "KAIGI_RESUME_SECRET", "it-resume-secret-0123456789abcdefghijklmnop",
            // One test machine plays thousands of clients from one address.
            "KAIGI_SIGNALING_PER_ADDRESS_MAX_CONNECTIONS", "100000",
            "KAIGI_SIGNALING_PER_ADDRESS_JOINS_PER_MINUTE", "10000000",
            "KAIGI_SIGNALING_RESUME_GRACE", "1s",
            "KAIGI_SIGNALING_HEARTBEAT_INTERVAL", "500ms",
            "KAIGI_SIGNALING_MAX_PEERS_PER_ROOM", "100");
    private static final int CYCLES = 10_000;
    private static final int ROOMS = 20;

    @Test
    void tenThousandCyclesLeaveNothingBehind() throws Exception {
        try (SignalingProcess server = SignalingProcess.start(SignalingProcess.freePort(), ENV)) {
            server.awaitReady(Duration.ofSeconds(60));
            HttpClient http = HttpClient.newHttpClient();
            List<JdkPeer> residents = new ArrayList<>();
            List<String> residentIds = new ArrayList<>();
            for (int r = 0; r < ROOMS; r++) {
                JdkPeer resident = new JdkPeer(http, server.base(), "soak-" + r);
                resident.send("{\"type\":\"join\",\"name\":\"resident\"}");
                residentIds.add(resident.awaitType("welcome").path("peerId").asText());
                residents.add(resident);
            }
            long heapBefore = heapAfterGc(server);
            AtomicInteger done = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(8);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                running.add(workers.submit(() -> {
                    for (int i = worker; i < CYCLES; i += 8) {
                        cycle(http, server, i, residentIds.get(i % ROOMS));
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get(10, TimeUnit.MINUTES);
            }
            workers.shutdown();
            assertEquals(CYCLES, done.get());
            residents.forEach(r -> r.send("{\"type\":\"leave\"}"));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((gauge(server, "kaigi_signaling_peers ") > 0 || gauge(server, "kaigi_signaling_connections ") > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertEquals(0, gauge(server, "kaigi_signaling_peers "), "peers left behind");
            assertEquals(0, gauge(server, "kaigi_signaling_rooms "), "rooms left behind");
            assertEquals(0, gauge(server, "kaigi_signaling_connections "), "connections left behind");
            long heapAfter = heapAfterGc(server);
            assertTrue(heapAfter - heapBefore < 32L * 1024 * 1024,
                    "heap after GC grew from " + heapBefore / 1024 / 1024 + " to " + heapAfter / 1024 / 1024 + " MiB");
            List<String> errors = server.output().lines().filter(l -> l.contains(" ERROR ")).limit(5).toList();
            assertEquals(List.of(), errors, "the soak logged ERROR lines");
            residents.forEach(JdkPeer::close);
        }
    }

    /** One visitor: joins, signals the resident, then leaves (40 %), drops (30 %) or drops and resumes (30 %). */
    private static void cycle(HttpClient http, SignalingProcess server, int i, String residentId) throws Exception {
        String room = "soak-" + (i % ROOMS);
        JdkPeer visitor = new JdkPeer(http, server.base(), room);
        visitor.send("{\"type\":\"join\",\"name\":\"v" + i + "\"}");
        JsonNode welcome = visitor.awaitType("welcome");
        visitor.send("{\"type\":\"signal\",\"to\":\"" + residentId + "\",\"data\":{\"n\":" + i + "}}");
        switch (i % 10) {
            case 0, 1, 2, 3 -> {
                visitor.send("{\"type\":\"leave\"}");
                visitor.closeCode.get(10, TimeUnit.SECONDS);
            }
            case 4, 5, 6 -> visitor.close();
            default -> {
                visitor.close();
                JdkPeer back = new JdkPeer(http, server.base(), room);
                back.send("{\"type\":\"resume\",\"peerId\":\"" + welcome.path("peerId").asText() + "\",\"resumeToken\":\""
                        + welcome.path("resumeToken").asText() + "\",\"lastSeq\":0}");
                back.awaitType("welcome");
                back.send("{\"type\":\"leave\"}");
                back.closeCode.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static long heapAfterGc(SignalingProcess server) throws Exception {
        server.runGc();
        return (long) server.metrics().lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static double gauge(SignalingProcess server, String series) throws Exception {
        return server.metrics().lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
