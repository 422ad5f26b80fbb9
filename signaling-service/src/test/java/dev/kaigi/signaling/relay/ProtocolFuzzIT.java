package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kaigi.signaling.protocol.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A live fuzz run over real sockets against the packaged service: 8 clients in 4 rooms send 10 000 mutated,
 * random, binary, fragmented, invalid-UTF-8, deeply nested and oversized frames. Every answer is a well-formed
 * server message with a documented error code, every close has a documented code, nothing crosses rooms, no
 * ERROR is logged, and afterwards the service is healthy, serves a normal exchange and its heap is back.
 */
class ProtocolFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = SignalingProcess.prodEnv(
            // One test machine plays thousands of clients from one address.
            "KAIGI_SIGNALING_PER_ADDRESS_MAX_CONNECTIONS", "100000",
            "KAIGI_SIGNALING_PER_ADDRESS_JOINS_PER_MINUTE", "10000000",
            // Every frame must reach the decoder, not the rate limiter.
            "KAIGI_SIGNALING_RATE_LIMIT_BURST", "1000000",
            "KAIGI_SIGNALING_RATE_LIMIT_PER_SECOND", "1000000",
            "KAIGI_SIGNALING_MAX_PEERS_PER_ROOM", "100");
    private static final Set<String> SERVER_TYPES = Set.of("welcome", "peer-joined", "peer-left", "signal", "chat",
            "peer-state", "token", "pong", "error");
    private static final Set<String> ERROR_CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)
            .collect(Collectors.toSet());
    /** docs/protocol.md, "Close codes the server uses" (-1: the TCP connection ended after a close frame). */
    private static final Set<Integer> CLOSE_CODES = Set.of(1000, 1002, 1003, 1007, 1008, 1009, 1011, 1012, 1013,
            4000, 4408, -1);
    private static final int ROOMS = 4;
    private static final int FUZZERS = 8;
    private static final int FRAMES = 10_000;

    private final Map<String, Integer> closeCodes = new ConcurrentHashMap<>();
    private final AtomicInteger errorFrames = new AtomicInteger();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> malformed = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void tenThousandHostileFramesAreAnsweredOrClosedAsDocumented() throws Exception {
        long seed = System.nanoTime();
        try (SignalingProcess server = SignalingProcess.startReady(ENV)) {
            List<JdkPeer> witnesses = new ArrayList<>();
            List<String> witnessIds = new ArrayList<>();
            for (int r = 0; r < ROOMS; r++) {
                JdkPeer witness = new JdkPeer(server.base(), "fuzz-" + r);
                witnessIds.add(witness.join("witness").path("peerId").asText());
                witnesses.add(witness);
            }
            long heapBefore = server.heapAfterGc();
            ExecutorService pool = Executors.newFixedThreadPool(FUZZERS);
            List<Future<?>> running = new ArrayList<>();
            for (int f = 0; f < FUZZERS; f++) {
                int fuzzer = f;
                running.add(pool.submit(() -> {
                    fuzz(server, fuzzer % ROOMS, witnessIds, new Random(seed + fuzzer));
                    return null;
                }));
            }
            for (Future<?> fuzzer : running) {
                fuzzer.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertEquals(List.of(), malformed, "seed " + seed + ": malformed or undocumented answers");
            assertTrue(errorFrames.get() > FRAMES / 4, "seed " + seed + ": only " + errorFrames + " error frames; closes "
                    + closeCodes + "; answers " + answers + "; sent " + sent);
            for (int r = 0; r < ROOMS; r++) {
                assertNothingFromOtherRooms(witnesses.get(r));
            }
            assertEquals(200, server.readiness());
            try (JdkPeer a = new JdkPeer(server.base(), "after-fuzz"); JdkPeer b = new JdkPeer(server.base(), "after-fuzz")) {
                a.join("A");
                String bId = b.join("B").path("peerId").asText();
                a.send("{\"type\":\"signal\",\"to\":\"" + bId + "\",\"data\":{\"ok\":true}}");
                assertTrue(b.awaitType("signal").path("data").path("ok").asBoolean());
            }
            witnesses.forEach(w -> w.send("{\"type\":\"leave\"}"));
            server.awaitMetric("kaigi_signaling_connections ", open -> open <= 0, Duration.ofSeconds(10));
            long heapAfter = server.heapAfterGc();
            assertTrue(heapAfter - heapBefore < 32L * 1024 * 1024,
                    "heap after GC grew from " + heapBefore / 1024 / 1024 + " to " + heapAfter / 1024 / 1024 + " MiB");
            List<String> errors = server.output().lines().filter(l -> l.contains(" ERROR ")).limit(5).toList();
            assertEquals(List.of(), errors, "seed " + seed + ": the fuzz run logged ERROR lines; closes " + closeCodes);
            witnesses.forEach(JdkPeer::close);
        }
    }

    /**
     * Each hostile frame is followed by a ping: everything before the pong is that frame's answer, so a frame
     * that gets neither an answer nor a close is caught, with its kind.
     */
    private void fuzz(SignalingProcess server, int room, List<String> witnessIds, Random random) throws Exception {
        RawWebSocket socket = null;
        for (int i = 0; i < FRAMES / FUZZERS; i++) {
            if (socket == null || socket.closed.isDone()) {
                if (socket != null) {
                    drain(socket);
                    closeCodes.merge(String.valueOf(socket.closed.getNow(0)), 1, Integer::sum);
                    socket.close();
                }
                socket = new RawWebSocket(server.base(), "fuzz-" + room);
                socket.sendText("{\"type\":\"join\",\"name\":\"fuzzer\"}");
            }
            String kind;
            try {
                kind = sendOne(socket, random, witnessIds.get(room), witnessIds.get((room + 1) % ROOMS));
                sent.incrementAndGet();
                socket.sendText("{\"type\":\"ping\"}");
            } catch (IOException closedMeanwhile) {
                socket.closed.complete(-1);
                continue;
            }
            if (!awaitPongOrClose(socket)) {
                malformed.add("neither answered nor closed after a " + kind + " frame");
            }
        }
        try {
            socket.sendText("{\"type\":\"leave\"}");
            socket.closed.get(10, TimeUnit.SECONDS);
        } catch (IOException closedByTheLastFrame) {
            // nothing to leave
        }
        drain(socket);
        socket.close();
    }

    private boolean awaitPongOrClose(RawWebSocket socket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String text = socket.texts.poll(20, TimeUnit.MILLISECONDS);
            if (text != null) {
                check(text);
                if (text.startsWith("{\"type\":\"pong\"")) {
                    return true;
                }
            } else if (socket.closed.isDone()) {
                return true;
            }
        }
        return false;
    }

    private String sendOne(RawWebSocket socket, Random random, String ownWitness, String foreignWitness)
            throws IOException {
        int kind = random.nextInt(100);
        if (kind < 45) {
            socket.sendText(mutated(random, ownWitness));
            return "mutated";
        } else if (kind < 55) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            socket.sendText(new String(garbage, StandardCharsets.ISO_8859_1));
            return "garbage";
        } else if (kind < 60) {
            byte[] invalidUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            socket.send(RawWebSocket.TEXT, true, invalidUtf8);
            return "invalid-utf8";
        } else if (kind < 65) {
            byte[] binary = new byte[random.nextInt(100) + 1];
            random.nextBytes(binary);
            socket.send(RawWebSocket.BINARY, true, binary);
            return "binary";
        } else if (kind < 75) {
            byte[] whole = ("{\"type\":\"chat\",\"text\":\"fragmented " + random.nextInt() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            int cut = 1 + random.nextInt(whole.length - 1);
            socket.send(RawWebSocket.TEXT, false, Arrays.copyOfRange(whole, 0, cut));
            socket.send(RawWebSocket.CONTINUATION, true, Arrays.copyOfRange(whole, cut, whole.length));
            return "fragmented";
        } else if (kind < 80) {
            int depth = 10 + random.nextInt(3000);
            socket.sendText("{\"type\":\"signal\",\"to\":\"" + ownWitness + "\",\"data\":" + "[".repeat(depth)
                    + "]".repeat(depth) + "}");
            return "deep-nesting";
        } else if (kind < 82) {
            socket.sendText("{\"type\":\"chat\",\"text\":\"" + "x".repeat(1_100_000) + "\"}");
            return "over-1MiB";
        } else if (kind < 91) {
            socket.sendText("{\"type\":\"signal\",\"to\":\"" + ownWitness + "\",\"data\":{\"n\":" + random.nextInt()
                    + "}}");
            return "valid-signal";
        } else {
            socket.sendText("{\"type\":\"signal\",\"to\":\"" + foreignWitness + "\",\"data\":{\"leak\":true}}");
            return "foreign-signal";
        }
    }

    /** A valid message with a field removed, retyped, oversized, or one added. */
    private static String mutated(Random random, String to) {
        List<String> valid = List.of("{\"type\":\"join\",\"name\":\"Ann\"}",
                "{\"type\":\"resume\",\"peerId\":\"" + to + "\",\"resumeToken\":\"t\",\"lastSeq\":7}",
                "{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"candidate\":\"c\"}}",
                "{\"type\":\"chat\",\"text\":\"hi\"}", "{\"type\":\"state\",\"audio\":true,\"video\":false,\"screen\":true}",
                "{\"type\":\"ack\",\"seq\":3}", "{\"type\":\"ping\"}", "{\"type\":\"refresh-token\"}");
        List<JsonNode> values = List.of(JSON.getNodeFactory().textNode("x".repeat(random.nextInt(70_000))),
                JSON.getNodeFactory().numberNode(random.nextLong()),
                JSON.getNodeFactory().numberNode(new java.math.BigInteger("123456789012345678901234567890123456789")),
                JSON.getNodeFactory().numberNode(1e308), JSON.getNodeFactory().booleanNode(random.nextBoolean()),
                JSON.getNodeFactory().nullNode(), JSON.getNodeFactory().arrayNode().add(1),
                JSON.getNodeFactory().objectNode().put("k", "v"), JSON.getNodeFactory().textNode("\u0000\u202e"));
        try {
            ObjectNode message = (ObjectNode) JSON.readTree(valid.get(random.nextInt(valid.size())));
            List<String> fields = new ArrayList<>();
            message.fieldNames().forEachRemaining(fields::add);
            String field = fields.get(random.nextInt(fields.size()));
            JsonNode value = values.get(random.nextInt(values.size()));
            switch (random.nextInt(3)) {
                case 0 -> message.remove(field);
                case 1 -> message.set(field, value);
                default -> message.set("extra", value);
            }
            return JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void drain(RawWebSocket socket) {
        for (String text; (text = socket.texts.poll()) != null;) {
            check(text);
        }
        Integer code = socket.closed.getNow(null);
        if (code != null && !CLOSE_CODES.contains(code)) {
            malformed.add("undocumented close code " + code);
        }
    }

    private void check(String text) {
        {
            try {
                JsonNode message = JSON.readTree(text);
                String type = message.path("type").asText();
                answers.merge(type.equals("error") ? message.path("code").asText() : type, 1, Integer::sum);
                if (!SERVER_TYPES.contains(type)) {
                    malformed.add("unknown type: " + text);
                } else if (type.equals("error")) {
                    errorFrames.incrementAndGet();
                    if (!ERROR_CODES.contains(message.path("code").asText())) {
                        malformed.add("undocumented code: " + text);
                    }
                }
            } catch (IOException e) {
                malformed.add("not JSON: " + text);
            }
        }
    }

    private static void assertNothingFromOtherRooms(JdkPeer witness) throws Exception {
        Set<String> roommates = new java.util.HashSet<>();
        for (JsonNode frame; (frame = witness.poll(200)) != null;) {
            String type = frame.path("type").asText();
            if (type.equals("peer-joined")) {
                roommates.add(frame.path("peer").path("peerId").asText());
            } else if (type.equals("signal") || type.equals("chat")) {
                assertTrue(roommates.contains(frame.path("from").asText()), "from another room: " + frame);
                assertTrue(!frame.path("data").has("leak"), "a signal addressed to another room arrived: " + frame);
            }
        }
    }

}
