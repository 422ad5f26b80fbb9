package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
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

    private static final WebSocketClient CLIENT = Vertx.vertx().createWebSocketClient();

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    /** The close code the server sent; 1006 when the connection ended without one. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    String peerId;
    JsonNode welcome;

    private TestPeer(URI base, String room) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost())
                .setPort(base.getPort()).setURI("/ws/rooms/" + room);
        // Handlers are set before connecting: a server that refuses sends its error and close right after the upgrade,
        // and they may be read before a callback on the connect's completion could set them.
        ClientWebSocket ws = CLIENT.webSocket();
        ws.textMessageHandler(text -> inbox.add(parse(text)));
        ws.closeHandler(ignored -> {
            Short code = ws.closeStatusCode();
            closed.complete(code == null ? 1006 : code.intValue());
        });
        socket = await(ws.connect(options));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("WebSocket operation failed or did not complete within " + WAIT, e);
        }
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
        await(socket.writeTextMessage(frame));
    }

    void sendBinary(byte[] bytes) {
        await(socket.writeBinaryMessage(Buffer.buffer(bytes)));
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

    int awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket was not closed within " + WAIT, e);
        }
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            await(socket.close());
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
