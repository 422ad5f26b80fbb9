package dev.kaigi.signaling.cluster;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * This replica's subscription to its Redis channel, on a connection of its own. Pub/sub keeps nothing for a
 * subscriber that was away, so after a reconnect {@code onGap} runs: the local clients resume and get what they
 * missed from their queues.
 */
final class NodeSubscriber {
    static final long DOWN = 0;
    private static final Logger LOG = Logger.getLogger(NodeSubscriber.class);
    private static final long RETRY_MILLIS = 500;
    private final Vertx vertx;
    private final Redis redis;
    private final String channel;
    private final Consumer<String> onMessage;
    /** Given the number of the subscription that is up again after a gap. */
    private final LongConsumer onGap;
    private volatile RedisConnection connection;
    /** Subscriptions made so far. */
    private long subscriptions;
    /** The number of the subscription that is up, or {@link #DOWN}: one read tells whether, and which. */
    private volatile long current = DOWN;
    private volatile boolean stopped;

    NodeSubscriber(Vertx vertx, Redis redis, String channel, Consumer<String> onMessage, LongConsumer onGap) {
        this.vertx = vertx;
        this.redis = redis;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onGap = onGap;
    }

    void start() {
        connect();
    }

    boolean isUp() {
        return current != DOWN;
    }

    /** The number of the subscription that is up (counted from 1), or {@link #DOWN}. */
    long current() {
        return current;
    }

    void stop() {
        stopped = true;
        current = DOWN;
        RedisConnection current = connection;
        if (current != null) {
            current.close();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.connect().onSuccess(this::subscribe).onFailure(failure -> {
            LOG.debugf("cannot reach Redis for %s: %s", channel, failure.getMessage());
            retryLater();
        });
    }

    private void subscribe(RedisConnection conn) {
        connection = conn;
        conn.handler(this::onPush);
        conn.exceptionHandler(failure -> lost(conn, failure.getMessage()));
        conn.endHandler(ignored -> lost(conn, "connection closed"));
        conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onSuccess(ok -> {
            long subscription = ++subscriptions;
            current = subscription;
            if (subscription > 1) {
                LOG.infof("re-subscribed to %s; local clients resume to catch up", channel);
                onGap.accept(subscription);
            }
        }).onFailure(failure -> lost(conn, failure.getMessage()));
    }

    private void onPush(Response push) {
        if (push.size() == 3 && "message".equals(push.get(0).toString())) {
            try {
                onMessage.accept(push.get(2).toString());
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot deliver a message from %s", channel);
            }
        }
    }

    private void lost(RedisConnection conn, String why) {
        if (connection != conn) {
            return;
        }
        connection = null;
        boolean wasUp = isUp();
        current = DOWN;
        conn.close();
        if (!stopped) {
            if (wasUp) {
                LOG.warnf("lost the Redis subscription %s (%s); reconnecting", channel, why);
            }
            retryLater();
        }
    }

    private void retryLater() {
        if (!stopped) {
            vertx.setTimer(RETRY_MILLIS, id -> connect());
        }
    }
}
