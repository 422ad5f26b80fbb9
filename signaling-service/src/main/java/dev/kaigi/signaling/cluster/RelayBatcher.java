package dev.kaigi.signaling.cluster;

import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends relay operations (signal, chat, state, ack) to Redis in batches: while {@link #MAX_IN_FLIGHT} batches are
 * on their way, new operations wait and leave together in the next one. Idle, an operation waits for its
 * {@link BatchWindow} (by default the rest of the event loop's turn) and leaves with whatever joined it;
 * busy, one script call and one publish per replica carry many messages, which is what keeps Redis and the
 * Redis client from costing more than the relay itself. A session submits its next operation only when the
 * previous one completed, so batching never reorders a sender's messages.
 */
final class RelayBatcher {
    static final int MAX_IN_FLIGHT = 1;
    static final int MAX_BATCH = 128;

    private record Operation(String name, Object[] args, CompletableFuture<String> status) {
    }

    private final RegistryScript script;
    private final Clock clock;
    private final long keyTtlMillis;
    private final BatchWindow window;
    private final ArrayDeque<Operation> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean windowOpen;

    RelayBatcher(RegistryScript script, Clock clock, long keyTtlMillis, BatchWindow window) {
        this.script = script;
        this.clock = clock;
        this.keyTtlMillis = keyTtlMillis;
        this.window = window;
    }

    /** Completes with the operation's status ({@code ok}, or why not), or fails with {@code unavailable}. */
    CompletionStage<String> submit(String name, Object... args) {
        Operation operation = new Operation(name, args, new CompletableFuture<>());
        boolean open;
        synchronized (this) {
            waiting.addLast(operation);
            open = inFlight == 0 && !windowOpen && waiting.size() < MAX_BATCH;
            windowOpen |= open;
        }
        if (open) {
            window.afterwards(this::closeWindow);
        } else {
            sendIfIdle();
        }
        return operation.status;
    }

    private void closeWindow() {
        synchronized (this) {
            windowOpen = false;
        }
        sendIfIdle();
    }

    private void sendIfIdle() {
        List<Operation> batch = new ArrayList<>();
        synchronized (this) {
            if (inFlight >= MAX_IN_FLIGHT || waiting.isEmpty() || (windowOpen && waiting.size() < MAX_BATCH)) {
                return;
            }
            inFlight++;
            while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(waiting.pollFirst());
            }
        }
        send(batch);
    }

    private void send(List<Operation> batch) {
        CompletionStage<Response> call;
        if (batch.size() == 1) {
            Operation only = batch.get(0);
            call = script.call(only.name, clock.millis(), keyTtlMillis, only.args);
        } else {
            List<Object> args = new ArrayList<>();
            args.add(batch.size());
            for (Operation operation : batch) {
                args.add(operation.name);
                args.addAll(List.of(operation.args));
            }
            call = script.call("batch", clock.millis(), keyTtlMillis, args.toArray());
        }
        call.whenComplete((response, failure) -> {
            synchronized (this) {
                inFlight--;
            }
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<String> status = batch.get(i).status;
                if (failure != null) {
                    status.completeExceptionally(failure);
                } else {
                    status.complete(batch.size() == 1 ? response.toString() : response.get(i).toString());
                }
            }
            sendIfIdle();
        });
    }
}
