package dev.kaigi.signaling.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Handler;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.impl.ws.WebSocketFrameInternal;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Puts one socket's data frames together into whole messages and hands each text message on as its UTF-8 bytes.
 * Vert.x's own text handler decodes every message into a String, which the relay would only scan and encode again.
 * A browser sends each message as one frame, and Vert.x has already copied that frame out of Netty's pool into an
 * array of its own, so such a message is handed on as that array, not copied again. Fragments add up to at most
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
        ByteBuf data = content(frame);
        if (fragments == null && frame.isFinal()) {
            deliver(bytesOf(data));
            return;
        }
        if ((fragments == null ? 0 : fragments.size()) + data.readableBytes() > maxMessageBytes) {
            fragments = null;
            skipping = true;
            tooBig.run();
            return;
        }
        if (fragments == null) {
            fragments = new ByteArrayOutputStream();
        }
        fragments.writeBytes(bytesOf(data)); // Vert.x's array as it is: one copy, into the stream
        if (frame.isFinal()) {
            byte[] message = fragments.toByteArray();
            fragments = null;
            deliver(message);
        }
    }

    /**
     * The frame's payload as Netty holds it, without the Buffer that would wrap it. Vert.x hands a frame handler its
     * internal frames only (as a request's connection is always its internal connection, see SignalingSocket).
     */
    private static ByteBuf content(WebSocketFrame frame) {
        return ((WebSocketFrameInternal) frame).getBinaryData();
    }

    /**
     * The payload's bytes. Netty hands back the array itself when the payload fills it and no copy is asked for; that
     * is safe only for Vert.x's copy out of the pool (Vert.x's allocator never pools heap memory, so nothing reuses
     * that array), and anything else is copied. A quarter of what the relay allocated per message was this copy
     * (docs/benchmarks.md).
     */
    private static byte[] bytesOf(ByteBuf data) {
        boolean unpooledVertxArray = data.alloc() instanceof VertxByteBufAllocator;
        return ByteBufUtil.getBytes(data, data.readerIndex(), data.readableBytes(), !unpooledVertxArray);
    }

    private void deliver(byte[] message) {
        if (isText) {
            text.accept(message);
        } else {
            binary.run();
        }
    }
}
