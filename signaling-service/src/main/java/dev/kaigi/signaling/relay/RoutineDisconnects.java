package dev.kaigi.signaling.relay;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/** Failures that only mean the client went away without a goodbye, or broke the WebSocket framing. */
final class RoutineDisconnects {
    private RoutineDisconnects() {
    }

    /** A frame the WebSocket layer refused (e.g. over 1 MiB): the client misbehaved; it has been disconnected. */
    static boolean isBadFrame(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.codec.CodecException) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoutine(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof ClosedChannelException || t instanceof HttpClosedException
                    || t.getClass().getName().endsWith("ClosedChannelException")) {
                return true;
            }
        }
        return false;
    }
}
