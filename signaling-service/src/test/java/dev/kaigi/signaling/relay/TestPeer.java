package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A protocol-level client for tests, with assertions: a real WebSocket (the JDK's, via {@link JdkPeer}), every
 * received frame parsed and queued in order. The JDK's client takes its listener before the handshake, so a server
 * that refuses at once (its error and close right after the upgrade) is read whole; Vert.x's {@code ClientWebSocket}
 * set its handlers after the handshake and failed to connect when the close had already arrived.
 */
final class TestPeer implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private final JdkPeer socket;
    String peerId;
    JsonNode welcome;

    private TestPeer(URI base, String room) {
        socket = new JdkPeer(HTTP, base, room);
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
        socket.send(frame);
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(bytes);
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
        JsonNode message = poll(WAIT);
        if (message == null) {
            fail("no frame within " + WAIT);
        }
        return message;
    }

    /** Asserts that nothing at all arrives within {@code quiet}. */
    void expectNothing(Duration quiet) {
        JsonNode message = poll(quiet);
        if (message != null) {
            fail("expected silence but got " + message);
        }
    }

    private JsonNode poll(Duration wait) {
        try {
            return socket.poll(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The close code the server sent; 1006 when the connection ended without one. */
    int awaitClose() {
        try {
            return socket.closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket was not closed within " + WAIT, e);
        }
    }

    boolean isOpen() {
        return !socket.closeCode.isDone();
    }

    @Override
    public void close() {
        try {
            socket.closeNormally(WAIT);
        } catch (Exception e) {
            throw new AssertionError("the close handshake did not complete within " + WAIT, e);
        }
    }
}
