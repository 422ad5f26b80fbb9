package dev.kaigi.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kaigi.signaling.protocol.RawJson;
import dev.kaigi.signaling.protocol.ServerMessage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The resume queue keeps frames in a ring whose seqs are implied by their place; whatever happens to it (adds while
 * connected or away, acknowledgements, discards, the ring growing and wrapping), it keeps, replays, counts and
 * reports as lost exactly what a plain list of numbered entries would.
 */
class OutboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGES = 11;
    private static final int MAX_BYTES = 600;

    /** One step: 0 add while connected, 1 add while away, 2 acknowledge, 3 replay and lost count, 4 discard. */
    record Step(int kind, int size, int ackBack) {
    }

    private record Kept(long seq, int size) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.frequency(
                        Tuple.of(10, 0), Tuple.of(3, 1), Tuple.of(3, 2),
                        Tuple.of(2, 3), Tuple.of(1, 4)),
                Arbitraries.integers().between(0, 250), Arbitraries.integers().between(0, 14)).as(Step::new);
        return step.list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void behavesLikeAListOfNumberedEntries(@ForAll("steps") List<Step> steps) {
        QueuedBytes queued = new QueuedBytes(Long.MAX_VALUE, () -> 0);
        long firstSeq = 41;
        Outbox outbox = new Outbox(MAX_MESSAGES, MAX_BYTES, firstSeq, queued, RecordingChannel.CODEC);
        Deque<Kept> model = new ArrayDeque<>();
        long lastSeq = firstSeq - 1;
        int modelBytes = 0;
        int refused = 0;
        for (Step step : steps) {
            switch (step.kind()) {
                case 0, 1 -> {
                    boolean away = step.kind() == 1;
                    byte[] frame = outbox.add(seq -> signal(seq), step.size(), away);
                    if (away && (model.size() >= MAX_MESSAGES || modelBytes + step.size() > MAX_BYTES)) {
                        assertNull(frame);
                        refused++;
                    } else {
                        lastSeq++;
                        assertEquals(lastSeq, seqOf(frame), "the frame returned is the one numbered next");
                        model.addLast(new Kept(lastSeq, step.size()));
                        modelBytes += step.size();
                        while (model.size() > MAX_MESSAGES || modelBytes > MAX_BYTES) {
                            modelBytes -= model.removeFirst().size();
                        }
                    }
                }
                case 2 -> {
                    long seq = lastSeq - step.ackBack();
                    outbox.acknowledge(seq);
                    while (!model.isEmpty() && model.peekFirst().seq() <= seq) {
                        modelBytes -= model.removeFirst().size();
                    }
                }
                case 3 -> {
                    long acknowledged = lastSeq - step.ackBack();
                    List<Long> replayed = outbox.replayAfter(acknowledged).stream().map(OutboxTest::seqOf).toList();
                    assertEquals(model.stream().map(Kept::seq).filter(seq -> seq > acknowledged).toList(), replayed);
                    long oldestKept = model.isEmpty() ? lastSeq + 1 : model.peekFirst().seq();
                    long evicted = Math.max(0, oldestKept - Math.min(acknowledged, lastSeq) - 1);
                    assertEquals(evicted + refused, outbox.lostAfter(acknowledged));
                    refused = 0;
                }
                default -> {
                    assertEquals(modelBytes, outbox.discard());
                    model.clear();
                    modelBytes = 0;
                }
            }
            assertEquals(model.size(), outbox.size());
            assertEquals(modelBytes, outbox.bytes());
            assertEquals(modelBytes, queued.bytes(), "the process-wide count follows the queue");
            assertEquals(lastSeq, outbox.lastSeq());
        }
    }

    private static ServerMessage signal(long seq) {
        return new ServerMessage.SignalFrom("AAAAAAAAAAAAAAAAAAAAAA", new RawJson("{\"n\":" + seq + "}"), seq);
    }

    private static long seqOf(byte[] frame) {
        try {
            return JSON.readTree(frame).path("seq").asLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
