package dev.kaigi.signaling.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/** Room URLs are client-side routes: {@code /r/<room>} serves the app, which reads the room from the path. */
public class WebUiRoutes {
    void register(@Observes Router router) {
        router.get("/r/:room").handler(ctx -> ctx.reroute("/index.html"));
    }
}
