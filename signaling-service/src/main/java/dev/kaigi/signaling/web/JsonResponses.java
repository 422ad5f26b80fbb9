package dev.kaigi.signaling.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers of the service's few HTTP routes, which are served by Vert.x's router directly (no REST layer). */
public final class JsonResponses {
    private JsonResponses() {
    }

    /** Ends the exchange with {@code body} written as JSON by Jackson. */
    public static void send(RoutingContext context, int status, Object body) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(body));
    }

    /** Ends the exchange with {@code {"error": code, "message": message}}. */
    public static void error(RoutingContext context, int status, String code, String message) {
        send(context, status, new JsonObject().put("error", code).put("message", message));
    }
}
