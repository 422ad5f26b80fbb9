package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A protocol-level client for tests: a real WebSocket, every received frame parsed and queued in order. */
final class TestPeer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final WebSocketClientConnection connection;
    String peerId;
    JsonNode welcome;

    private TestPeer(URI base, String room) {
        connection = BasicWebSocketConnector.create()
                .baseUri(base)
                .path("/ws/rooms/" + room)
                // The default (blocking) model hands frames to worker threads and can reorder them.
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, text) -> inbox.add(parse(text)))
                .onClose((c, reason) -> closed.complete(reason))
                .connectAndAwait();
    }

    static TestPeer connect(URI base, String room) {
        return new TestPeer(base, room);
    }

    static TestPeer join(URI base, String room, String name) {
        TestPeer peer = connect(base, room);
        peer.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
        peer.welcome = peer.expect("welcome");
        peer.peerId = peer.welcome.get("peerId").asText();
        return peer;
    }

    void send(String frame) {
        connection.sendTextAndAwait(frame);
    }

    void sendBinary(byte[] bytes) {
        connection.sendBinaryAndAwait(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    void resume(String peerId, String resumeToken, long lastSeq) {
        send("{\"type\":\"resume\",\"peerId\":\"" + peerId + "\",\"resumeToken\":\"" + resumeToken
                + "\",\"lastSeq\":" + lastSeq + "}");
    }

    void signal(String to, String dataJson) {
        send("{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":" + dataJson + "}");
    }

    /** The next frame, which must be of this type. */
    JsonNode expect(String type) {
        JsonNode message = next();
        assertEquals(type, message.path("type").asText(), "unexpected frame: " + message);
        return message;
    }

    /** The next frame, which must be an error with this code. */
    JsonNode expectError(String code) {
        JsonNode error = expect("error");
        assertEquals(code, error.path("code").asText(), "unexpected error: " + error);
        return error;
    }

    JsonNode next() {
        try {
            JsonNode message = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("no frame within " + WAIT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that nothing at all arrives within {@code quiet}. */
    void expectNothing(Duration quiet) {
        try {
            JsonNode message = inbox.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null) {
                fail("expected silence but got " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    CloseReason awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket was not closed within " + WAIT, e);
        }
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        if (connection.isOpen()) {
            connection.closeAndAwait();
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("server sent invalid JSON: " + text, e);
        }
    }
}
