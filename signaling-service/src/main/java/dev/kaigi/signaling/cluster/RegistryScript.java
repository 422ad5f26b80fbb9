package dev.kaigi.signaling.cluster;

import dev.kaigi.signaling.protocol.ErrorCode;
import dev.kaigi.signaling.protocol.ProtocolException;
import io.micrometer.core.instrument.Timer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Calls the registry's Lua script (resources/cluster/registry.lua) by its SHA, loading it when Redis does not know
 * it (first call, or a Redis that restarted). Every call is bounded in time; any failure to reach Redis becomes
 * {@code unavailable} for the client.
 */
final class RegistryScript {
    private static final Logger LOG = Logger.getLogger(RegistryScript.class);
    private final Redis redis;
    private final String source;
    private final String sha;
    private final Deadlines deadlines;
    private final ClusterMetrics metrics;
    private volatile String lastFailure = "none";

    RegistryScript(Redis redis, Deadlines deadlines, ClusterMetrics metrics) {
        this.redis = redis;
        this.deadlines = deadlines;
        this.metrics = metrics;
        this.source = load();
        this.sha = sha1(source);
    }

    /** Runs {@code op} with the caller's clock and key TTL first, then {@code args}. */
    CompletionStage<Response> call(String op, long nowMillis, long keyTtlMillis, Object... args) {
        Timer.Sample sample = Timer.start();
        CompletableFuture<Response> result = deadlines.watch(new CompletableFuture<>());
        send(Command.EVALSHA, sha, op, nowMillis, keyTtlMillis, args)
                .exceptionallyCompose(failure -> isNoScript(failure)
                        ? send(Command.EVAL, source, op, nowMillis, keyTtlMillis, args)
                        : CompletableFuture.failedFuture(failure))
                .whenComplete((response, failure) -> {
                    if (failure == null) {
                        result.complete(response);
                    } else {
                        result.completeExceptionally(failure);
                    }
                });
        return result.handle((response, failure) -> {
            sample.stop(metrics.command(op));
            if (failure == null) {
                return response;
            }
            metrics.error(op);
            lastFailure = op + ": " + (failure.getCause() != null ? failure.getCause() : failure);
            if (String.valueOf(failure.getMessage()).contains("user_script")) {
                LOG.errorf("registry script failed in %s: %s", op, failure.getMessage()); // a bug, not an outage
            } else {
                LOG.debugf("redis %s failed: %s", op, failure.toString());
            }
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "the cluster store is unreachable; try again");
        });
    }

    /** The latest failure, for the readiness check's reason. */
    String lastFailure() {
        return lastFailure;
    }

    private CompletableFuture<Response> send(Command command, String script, String op, long now, long ttl,
            Object[] args) {
        Request request = Request.cmd(command).arg(script).arg(0).arg(op).arg(now).arg(ttl);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return redis.send(request).toCompletionStage().toCompletableFuture();
    }

    private static boolean isNoScript(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return String.valueOf(cause.getMessage()).startsWith("NOSCRIPT");
    }

    private static String load() {
        try (InputStream in = RegistryScript.class.getResourceAsStream("/cluster/registry.lua")) {
            if (in == null) {
                throw new IllegalStateException("cluster/registry.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
