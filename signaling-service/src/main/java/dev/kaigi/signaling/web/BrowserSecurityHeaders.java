package dev.kaigi.signaling.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import java.net.URI;

/**
 * Headers on every page and asset of the web UI. The CSP allows scripts, styles and connections only from this
 * host (its WebSocket included) and the credential service; no inline script, no framing. A room URL is the
 * key to a meeting, so no referrer ever leaves. {@code no-cache} makes browsers revalidate, so a new release's
 * modules are never mixed with old ones.
 */
public class BrowserSecurityHeaders {
    private final String credentialOrigin;

    public BrowserSecurityHeaders(UiConfig ui) {
        this.credentialOrigin = ui.credentialServiceUrl().filter(url -> !url.isBlank())
                .map(url -> {
                    URI uri = URI.create(url);
                    return " " + uri.getScheme() + "://" + uri.getAuthority();
                }).orElse("");
    }

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::addHeaders);
    }

    private void addHeaders(RoutingContext context) {
        if (!context.request().path().startsWith("/ws/")) {
            String host = context.request().getHeader("Host");
            String sockets = host == null ? "" : " ws://" + host + " wss://" + host;
            var headers = context.response().headers();
            headers.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'" + sockets
                    + credentialOrigin + "; object-src 'none'; base-uri 'none'; form-action 'self'; "
                    + "frame-ancestors 'none'");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self)");
            headers.set("Cache-Control", "no-cache");
        }
        context.next();
    }
}
