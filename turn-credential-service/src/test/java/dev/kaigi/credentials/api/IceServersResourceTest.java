package dev.kaigi.credentials.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaigi.credentials.JoinTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IceServersResourceTest {
    static final String FIRST_SECRET = "test-secret-one-0123456789abcdef0123";

    // Relative to the management root (/q): this is the root itself.
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void issuesRtcConfigurationWithCoturnCredentialForTheTokensPeer() throws Exception {
        long before = Instant.now().getEpochSecond();
        JsonPath body = given().header("Authorization", "Bearer " + JoinTokens.valid("peerAbc123"))
                .when().get("/api/v1/ice-servers")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertEquals(List.of("stun:127.0.0.1:3478"), body.getList("iceServers[0].urls"));
        List<String> turnUrls = body.getList("iceServers[1].urls");
        assertTrue(turnUrls.contains("turn:127.0.0.1:3478?transport=udp"), turnUrls.toString());
        String username = body.getString("iceServers[1].username");
        long expiry = Long.parseLong(username.split(":")[0]);
        assertEquals("peerAbc123", username.split(":")[1]);
        assertEquals(4 * 3600, body.getLong("ttl"));
        assertTrue(expiry >= before + 4 * 3600 && expiry <= Instant.now().getEpochSecond() + 4 * 3600);
        assertEquals(expiry, body.getLong("expiresAt"));
        assertEquals(hmacSha1Base64(FIRST_SECRET, username), body.getString("iceServers[1].credential"));
    }

    @Test
    void missingTokenIsUnauthorizedProblem() {
        given().when().get("/api/v1/ice-servers")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401), "title", equalTo("Unauthorized"),
                        "detail", containsString("Authorization"));
    }

    @Test
    void forgedExpiredOrForeignTokensAreUnauthorized() {
        String forged = JoinTokens.sign("p", "kaigi-turn", Instant.now().plusSeconds(600),
                "not-the-shared-secret-0123456789-abcdefgh");
        String expired = JoinTokens.sign("p", "kaigi-turn", Instant.now().minusSeconds(5), JoinTokens.TEST_SECRET);
        String resumeToken = JoinTokens.sign("p", "kaigi-resume", Instant.now().plusSeconds(600),
                JoinTokens.TEST_SECRET);
        String[] valid = JoinTokens.valid("p").split("\\.");
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String otherPeer = b64.encodeToString(("{\"iss\":\"kaigi-signaling\",\"aud\":\"kaigi-turn\",\"sub\":\"mallory\","
                + "\"room\":\"test-room\",\"exp\":9999999999}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String tampered = valid[0] + "." + otherPeer + "." + valid[2];
        String unsigned = b64.encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + otherPeer + ".";
        for (String token : List.of(forged, expired, resumeToken, tampered, unsigned, "not.a.jwt")) {
            given().header("Authorization", "Bearer " + token).when().get("/api/v1/ice-servers")
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString("invalid or expired"));
        }
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get("/api/v1/ice-servers")
                .then().statusCode(401);
    }

    @Test
    void corsAllowsTheConfiguredUiOriginOnly() {
        given().header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/v1/ice-servers")
                .then().header("Access-Control-Allow-Origin", "http://localhost:8080");
        String allowed = given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/ice-servers")
                .then().extract().header("Access-Control-Allow-Origin");
        assertTrue(allowed == null || !allowed.contains("evil"), "foreign origin allowed: " + allowed);
    }

    @Test
    void healthMetricsAndOpenApiAreServedOnTheManagementPortOnly() {
        String q = management.toString().replaceAll("/+$", "");
        given().when().get(q + "/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get(q + "/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(404);
        given().header("Authorization", "Bearer " + JoinTokens.valid("metricsPeer")).get("/api/v1/ice-servers");
        given().get("/api/v1/ice-servers");
        String metrics = given().when().get(q + "/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("kaigi_credentials_issued_total{endpoint=\"ice-servers\"}"), metrics);
        assertTrue(metrics.contains("kaigi_credentials_denied_total{reason=\"unauthorized\"}"), metrics);
        given().when().get(q + "/openapi?format=json").then().statusCode(200).contentType("application/json")
                .body("paths.keySet()", hasItem("/api/v1/ice-servers"))
                .body("paths.keySet()", hasItem("/api/v1/turn-credentials"));
        given().when().get(q + "/openapi").then().statusCode(200).contentType("application/yaml");
        given().when().get("/q/openapi").then().statusCode(404);
    }

    static String hmacSha1Base64(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
