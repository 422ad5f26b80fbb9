package dev.kaigi.signaling.relay;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Puts one socket's data frames together into whole messages and hands each text message on as its UTF-8 bytes.
 * Vert.x's own text handler decodes every message into a String, which the relay would only scan and encode again;
 * a browser sends each message as one frame, so a message is one copy out of its frame. Fragments add up to at most
 * {@code maxMessageBytes} (Netty bounds a single frame the same): past that the message is dropped and
 * {@code tooBig} runs. Runs on the socket's event loop, one frame after another.
 */
final class MessageAssembler implements Handler<WebSocketFrame> {
    private final int maxMessageBytes;
    private final Consumer<byte[]> text;
    private final Runnable binary;
    private final Runnable tooBig;
    private boolean isText;
    /** The fragments so far of a message sent in several frames; null otherwise. */
    private ByteArrayOutputStream fragments;
    /** The rest of a message already found too big is ignored. */
    private boolean skipping;

    MessageAssembler(int maxMessageBytes, Consumer<byte[]> text, Runnable binary, Runnable tooBig) {
        this.maxMessageBytes = maxMessageBytes;
        this.text = text;
        this.binary = binary;
        this.tooBig = tooBig;
    }

    @Override
    public void handle(WebSocketFrame frame) {
        if (frame.isText() || frame.isBinary()) {
            isText = frame.isText();
            fragments = null;
            skipping = false;
        } else if (!frame.isContinuation() || skipping) {
            return; // ping, pong and close are answered by Vert.x
        }
        Buffer data = frame.binaryData();
        if (fragments == null && frame.isFinal()) {
            deliver(data.getBytes());
            return;
        }
        if ((fragments == null ? 0 : fragments.size()) + data.length() > maxMessageBytes) {
            fragments = null;
            skipping = true;
            tooBig.run();
            return;
        }
        if (fragments == null) {
            fragments = new ByteArrayOutputStream();
        }
        fragments.writeBytes(data.getBytes());
        if (frame.isFinal()) {
            byte[] message = fragments.toByteArray();
            fragments = null;
            deliver(message);
        }
    }

    private void deliver(byte[] message) {
        if (isText) {
            text.accept(message);
        } else {
            binary.run();
        }
    }
}
