package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client outside Quarkus and Vert.x (the JDK's): for tests against a separate server process, and under
 * {@link TestPeer}.
 */
public final class JdkPeer implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    public volatile long lastSeq;

    public JdkPeer(URI base, String room) {
        this(HttpClient.newHttpClient(), base, room);
    }

    /** Many peers can share one client (and its selector thread). */
    public JdkPeer(HttpClient http, URI base, String room) {
        this(http, base, room, java.util.Map.of());
    }

    /** With extra upgrade headers, e.g. the X-Forwarded-For a proxy would add. */
    public JdkPeer(HttpClient http, URI base, String room, java.util.Map<String, String> headers) {
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/rooms/" + room);
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, this).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = JSON.readTree(partial.toString());
                if (message.has("seq")) {
                    lastSeq = message.get("seq").asLong();
                }
                inbox.add(message);
            } catch (Exception e) {
                inbox.add(JSON.createObjectNode().put("type", "unparseable"));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(1006);
    }

    /** Sends {@code join} with this name and returns the welcome. */
    public JsonNode join(String name) throws InterruptedException {
        send(JSON.createObjectNode().put("type", "join").put("name", name).toString());
        return awaitType("welcome");
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next frame of this type; frames of other types before it are skipped (and named if it never comes). */
    public JsonNode awaitType(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<JsonNode> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonNode message = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && type.equals(message.path("type").asText())) {
                return message;
            } else if (message != null && skipped.size() < 5) {
                skipped.add(message);
            }
        }
        return fail("no '" + type + "' frame within 15 s; before it: " + skipped + ", socket closed with "
                + closeCode.getNow(null));
    }

    /** The next frame within {@code millis}, or null. */
    public JsonNode poll(long millis) throws InterruptedException {
        return inbox.poll(millis, TimeUnit.MILLISECONDS);
    }

    public JsonNode expect(String type) throws InterruptedException {
        JsonNode message = inbox.poll(15, TimeUnit.SECONDS);
        if (message == null) {
            fail("no '" + type + "' frame within 15 s");
        }
        assertEquals(type, message.path("type").asText(), "unexpected frame: " + message);
        return message;
    }

    /** Ends with a normal close (1000), as a browser's {@code close()} does, and waits for the server's close. */
    public void closeNormally(Duration wait) throws Exception {
        if (!closeCode.isDone()) {
            // The server's close may cross ours: the JDK then answers it and closes the output itself, and our close
            // fails with "Output closed". Either way the server's close frame is what ends it.
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(crossed -> null)
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the connection without a close frame, as a vanished client does. */
    @Override
    public void close() {
        socket.abort();
    }
}
