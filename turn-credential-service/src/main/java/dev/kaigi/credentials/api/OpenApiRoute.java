package dev.kaigi.credentials.api;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the API's OpenAPI document on the management port, beside health and metrics: {@code /q/openapi}, JSON with
 * {@code ?format=json}, else the same text as YAML (JSON is YAML). The document is a file kept beside the resources
 * ({@code openapi/openapi.json}, checked against them by {@code OpenApiDocumentTest}). Quarkus' OpenAPI extension
 * generated it from annotations but built it at every start, eagerly: a fifth of this service's start on one CPU
 * (docs/benchmarks.md).
 */
@Singleton
public class OpenApiRoute {
    static final String DOCUMENT = "openapi/openapi.json";

    void register(@Observes ManagementInterface management) {
        management.router().get("/q/openapi").handler(this::serve);
    }

    private void serve(RoutingContext context) {
        boolean json = "json".equalsIgnoreCase(context.request().getParam("format"));
        context.response()
                .putHeader("Content-Type", json ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8")
                .end(Document.BYTES);
    }

    /** Read on the first request, not at start. */
    private static final class Document {
        static final Buffer BYTES = read();

        private static Buffer read() {
            try (InputStream in = OpenApiRoute.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
                if (in == null) {
                    throw new IllegalStateException(DOCUMENT + " is missing from the package");
                }
                return Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + DOCUMENT, e);
            }
        }
    }
}
