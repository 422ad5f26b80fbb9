package dev.kaigi.signaling.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HeartbeatSlicesTest.TicksByHand.class)
class HeartbeatSlicesTest {
    /** The heartbeat's own timer would first tick after an hour (a hundredth of the interval): this test ticks it. */
    public static class TicksByHand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kaigi.signaling.heartbeat.interval", "100h", "kaigi.signaling.heartbeat.timeout", "200h");
        }
    }

    private static final int SOCKETS = 40;

    @TestHTTPResource("/")
    URI base;

    @Inject
    HeartbeatMonitor heartbeat;

    @Inject
    LiveConnections live;

    @Test
    void eachTickPingsOneSliceAndAnIntervalPingsEverySocketOnce() throws Exception {
        List<RawWebSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < SOCKETS; i++) {
                sockets.add(new RawWebSocket(base, "slices"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == SOCKETS);

            // Half the interval's ticks: about half the sockets, and their pings arrive together.
            for (int tick = 0; tick < HeartbeatMonitor.SLICES / 2; tick++) {
                heartbeat.tick();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pings(sockets) > 0);
            int firstHalf = pings(sockets);
            assertTrue(firstHalf < SOCKETS, "half the interval's ticks pinged all " + SOCKETS + " sockets at once");

            for (int tick = HeartbeatMonitor.SLICES / 2; tick < HeartbeatMonitor.SLICES; tick++) {
                heartbeat.tick();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sockets.stream().allMatch(socket -> socket.pings.get() > 0));
            for (RawWebSocket socket : sockets) {
                assertEquals(1, socket.pings.get(), "pings to one socket in one interval");
            }
        } finally {
            for (RawWebSocket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aSocketWhoseClientSpokeWithinHalfAnIntervalIsNotPingedWhileAQuietOneIs() throws Exception {
        try (RawWebSocket talking = new RawWebSocket(base, "talking");
                RawWebSocket quiet = new RawWebSocket(base, "talking")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 2);
            talking.sendText("{\"type\":\"ping\"}");
            assertPong(talking);

            for (int tick = 0; tick < HeartbeatMonitor.SLICES; tick++) {
                heartbeat.tick();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> quiet.pings.get() > 0);
            // The server writes a socket's frames in order: a ping sent in the interval would come before this pong.
            talking.sendText("{\"type\":\"ping\"}");
            assertPong(talking);
            assertEquals(0, talking.pings.get(), "pings to a socket whose client had just sent a message");
            assertEquals(1, quiet.pings.get(), "pings to a quiet socket in one interval");
        }
    }

    private static void assertPong(RawWebSocket socket) throws InterruptedException {
        String answer = socket.texts.poll(10, TimeUnit.SECONDS);
        assertTrue(answer != null && answer.contains("\"type\":\"pong\""), "answer to a ping message: " + answer);
    }

    @Test
    void aServerWithNoSocketWaitsAWholeIntervalBetweenTicksAndSlicesItAgainOnceOneOpens() throws Exception {
        long interval = Duration.ofHours(100).toMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 0);
        heartbeat.tick(); // an interval's first tick, with no socket in it
        assertEquals(interval, heartbeat.millisToNextTick(), "ms to the next tick of a server with no socket");

        RawWebSocket socket = new RawWebSocket(base, "slices");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 1);
            heartbeat.tick(); // the next interval's first tick, which finds the socket
            assertEquals(interval / HeartbeatMonitor.SLICES, heartbeat.millisToNextTick(),
                    "ms to the next tick while a socket is open");
            for (int tick = 1; tick < HeartbeatMonitor.SLICES; tick++) {
                heartbeat.tick(); // to the interval's end, where the other test expects to begin
            }
        } finally {
            socket.close();
        }
    }

    private static int pings(List<RawWebSocket> sockets) {
        return sockets.stream().mapToInt(socket -> socket.pings.get()).sum();
    }
}
