package dev.kaigi.signaling.room;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kaigi.signaling.protocol.Limits;
import dev.kaigi.signaling.protocol.MessageCodec;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A channel that keeps every frame it was sent, as JSON, for registry tests; delivery may be asynchronous. */
public final class RecordingChannel implements PeerChannel {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final MessageCodec CODEC = new MessageCodec(new Limits(64, 2000, 32768), 65536);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile int closedWith;

    public RecordingChannel() {
    }

    @Override
    public void send(ServerMessage message) {
        sendFrame(CODEC.encode(message));
    }

    @Override
    public void sendFrame(String frame) {
        try {
            frames.add(JSON.readTree(frame));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + frame, e);
        }
    }

    @Override
    public void sendFrame(byte[] utf8) {
        sendFrame(new String(utf8, StandardCharsets.UTF_8));
    }

    @Override
    public void close(int code, String reason) {
        closedWith = code;
    }

    /** Frames of this type received so far. */
    public List<JsonNode> of(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** Waits until at least {@code count} frames of this type arrived; returns them all. */
    public List<JsonNode> await(String type, int count) {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> of(type).size() >= count);
        return of(type);
    }

    public JsonNode first(String type) {
        return await(type, 1).get(0);
    }

    void awaitClosed(int code) {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> closedWith == code);
    }
}
