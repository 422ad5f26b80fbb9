package dev.kaigi.signaling.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignalingHttpTest {
    // Relative to the management root, which is /q.
    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void servesTheWebUiAtRootAndAtRoomUrls() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Kaigi"));
        given().get("/r/weekly-sync").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Kaigi"));
    }

    @Test
    void uiResponsesCarryStrictBrowserSecurityHeaders() {
        for (String path : new String[] {"/", "/r/weekly-sync", "/js/app.js", "/css/kaigi.css", "/favicon.svg"}) {
            String csp = given().get(path).then().statusCode(200)
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Permissions-Policy", containsString("camera=(self)"))
                    .header("Cache-Control", equalTo("no-cache"))
                    .extract().header("Content-Security-Policy");
            for (String directive : new String[] {"script-src 'self';", "style-src 'self';", "frame-ancestors 'none'",
                    "object-src 'none'", "connect-src 'self' ws://"}) {
                assertTrue(csp.contains(directive), path + ": CSP lacks " + directive + ": " + csp);
            }
            assertTrue(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
        }
    }

    @Test
    void aPlainRequestToTheSocketPathIsToldToUpgrade() {
        given().get("/ws/rooms/weekly-sync").then().statusCode(426).header("Upgrade", equalTo("websocket"));
    }

    @Test
    void servesRuntimeConfigForTheUi() {
        given().get("/config.json").then().statusCode(200)
                .body("protocol", equalTo(1), "maxPeersPerRoom", equalTo(8), "maxChatLength", equalTo(2000));
    }

    @Test
    void issuesAShortLivedJoinTokenForThePreJoinNetworkCheck() {
        given().post("/network-check/weekly-sync").then().statusCode(200)
                .body("token", org.hamcrest.Matchers.matchesPattern("[\\w-]+\\.[\\w-]+\\.[\\w-]+"),
                        "expiresAt", org.hamcrest.Matchers.greaterThan(0));
        given().post("/network-check/not%20a%20room").then().statusCode(400).body("error", equalTo("bad-room"));
        given().get("/network-check/weekly-sync").then().statusCode(405);
    }

    @Test
    void reportsHealthOnTheManagementPortOnly() {
        given().get(live).then().statusCode(200).body("status", equalTo("UP"));
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(404);
    }

    @Test
    void exposesRoomPeerMessageAndErrorMetricsOnTheManagementPort() {
        String body = given().get(metrics).then().statusCode(200).extract().asString();
        given().get("/q/metrics").then().statusCode(404);
        for (String name : new String[] {"kaigi_signaling_rooms", "kaigi_signaling_peers",
                "kaigi_signaling_connections", "kaigi_signaling_errors_total{code=\"room-full\"}",
                "kaigi_signaling_errors_total{code=\"bad-json\"}"}) {
            assertTrue(body.contains(name), name + " missing from /q/metrics");
        }
    }
}
