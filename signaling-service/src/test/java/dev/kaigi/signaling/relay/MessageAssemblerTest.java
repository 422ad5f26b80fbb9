package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.impl.VertxHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole text messages out of frames, as Vert.x hands them over; the frame's own array when no pool reuses it. */
class MessageAssemblerTest {
    private static final PooledByteBufAllocator POOL = new PooledByteBufAllocator(true);
    private final List<byte[]> texts = new ArrayList<>();
    private int binaries;
    private int tooBig;
    private final MessageAssembler assembler = new MessageAssembler(16, texts::add, () -> binaries++, () -> tooBig++);

    /** A frame as Vert.x makes it from what Netty decoded into its pool: copied out with Vert.x's own safeBuffer. */
    private static WebSocketFrame asVertxDelivers(WebSocketFrameType type, String payload, boolean last) {
        ByteBuf pooled = POOL.directBuffer().writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return new WebSocketFrameImpl(type, VertxHandler.safeBuffer(pooled), last);
    }

    private String text(int index) {
        return new String(texts.get(index), StandardCharsets.UTF_8);
    }

    @Test
    void aSingleFrameMessageIsHandedOnAsTheArrayVertxCopiedItInto() {
        WebSocketFrameImpl frame = (WebSocketFrameImpl) asVertxDelivers(WebSocketFrameType.TEXT, "{\"a\":1}", true);

        assembler.handle(frame);

        assertEquals(List.of("{\"a\":1}"), List.of(text(0)));
        assertSame(frame.getBinaryData().array(), texts.get(0));
    }

    @Test
    void aPayloadInPooledMemoryIsCopiedSoThePoolCanReuseIt() {
        ByteBuf pooled = POOL.heapBuffer().writeBytes("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        byte[] poolArray = pooled.array();

        assembler.handle(new WebSocketFrameImpl(WebSocketFrameType.TEXT, pooled, true));
        pooled.setByte(0, 'x'); // the pool's memory changes hands; the message must not change with it

        assertEquals("{\"b\":2}", text(0));
        assertNotSame(poolArray, texts.get(0));
    }

    @Test
    void anArrayFromAnyOtherAllocatorIsCopiedEvenWhenThePayloadFillsIt() {
        byte[] exact = "{\"e\":5}".getBytes(StandardCharsets.UTF_8);

        assembler.handle(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(exact), true));

        assertArrayEquals(exact, texts.get(0));
        assertNotSame(exact, texts.get(0));
    }

    @Test
    void aPayloadThatIsPartOfALargerArrayIsCopied() {
        byte[] shared = "..{\"c\":3}..".getBytes(StandardCharsets.UTF_8);

        assembler.handle(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(shared, 2, 7), true));

        assertArrayEquals("{\"c\":3}".getBytes(StandardCharsets.UTF_8), texts.get(0));
    }

    @Test
    void fragmentsMakeOneMessage() {
        assembler.handle(asVertxDelivers(WebSocketFrameType.TEXT, "{\"d\":", false));
        assembler.handle(asVertxDelivers(WebSocketFrameType.CONTINUATION, "4}", true));

        assertEquals(1, texts.size());
        assertEquals("{\"d\":4}", text(0));
    }

    @Test
    void fragmentsPastTheBoundAreDroppedAndReported() {
        assembler.handle(asVertxDelivers(WebSocketFrameType.TEXT, "0123456789", false));
        assembler.handle(asVertxDelivers(WebSocketFrameType.CONTINUATION, "0123456789", true));

        assertTrue(texts.isEmpty());
        assertEquals(1, tooBig);
    }

    @Test
    void aBinaryMessageIsReportedNotDelivered() {
        assembler.handle(asVertxDelivers(WebSocketFrameType.BINARY, "01", true));

        assertTrue(texts.isEmpty());
        assertEquals(1, binaries);
    }
}
