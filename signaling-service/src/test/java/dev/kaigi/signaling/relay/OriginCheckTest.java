package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Only pages of this host (and configured origins: https://meet.example.org in tests) may open sockets. */
@QuarkusTest
class OriginCheckTest {
    @TestHTTPResource("/")
    URI base;

    private int upgrade(String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        URI socket = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/rooms/origin-test");
        try {
            builder.buildAsync(socket, new WebSocket.Listener() {
            }).join().abort();
            return 101;
        } catch (CompletionException e) {
            assertTrue(e.getCause() instanceof WebSocketHandshakeException, String.valueOf(e.getCause()));
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void pageOfAnotherSiteIsRefused() {
        assertEquals(403, upgrade("https://evil.example"));
        assertEquals(403, upgrade("null"));
    }

    @Test
    void aLookAlikeOfThisHostIsRefused() {
        String host = base.getHost() + ":" + base.getPort();
        assertEquals(403, upgrade("http://" + host + ".evil.example"));
        assertEquals(403, upgrade("http://evil.example@" + host));
        assertEquals(403, upgrade("http://" + base.getHost() + ":1" + base.getPort()));
        assertEquals(403, upgrade("ws://" + host + "x"));
    }

    @Test
    void thisHostIsRecognisedWhateverTheCaseOfItsOrigin() {
        assertEquals(101, upgrade("HTTP://" + base.getHost().toUpperCase() + ":" + base.getPort()));
    }

    @Test
    void pagesOfThisHostAndConfiguredOriginsAndNonBrowsersAreAccepted() {
        assertEquals(101, upgrade("http://" + base.getHost() + ":" + base.getPort()));
        assertEquals(101, upgrade("https://meet.example.org"));
        assertEquals(101, upgrade(null));
    }
}
