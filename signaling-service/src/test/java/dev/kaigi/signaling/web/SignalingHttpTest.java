package dev.kaigi.signaling.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignalingHttpTest {

    @Test
    void servesTheWebUiAtRootAndAtRoomUrls() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Kaigi"));
        given().get("/r/weekly-sync").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Kaigi"));
    }

    @Test
    void servesRuntimeConfigForTheUi() {
        given().get("/config.json").then().statusCode(200)
                .body("protocol", equalTo(1), "maxPeersPerRoom", equalTo(8), "maxChatLength", equalTo(2000));
    }

    @Test
    void reportsHealth() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesRoomPeerMessageAndErrorMetrics() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : new String[] {"kaigi_signaling_rooms", "kaigi_signaling_peers",
                "kaigi_signaling_connections", "kaigi_signaling_errors_total{code=\"room-full\"}",
                "kaigi_signaling_errors_total{code=\"bad-json\"}"}) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
    }
}
