package dev.kaigi.credentials.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import dev.kaigi.credentials.JoinTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RateLimitTest.TightLimit.class)
class RateLimitTest {
    public static class TightLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kaigi.credentials.rate-limit.burst", "3", "kaigi.credentials.rate-limit.per-minute", "1");
        }
    }

    @Test
    void clientOverItsAllowanceGetsTooManyRequestsWithRetryAfter() {
        String token = JoinTokens.valid("busyPeer");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).get("/api/v1/ice-servers").then().statusCode(200);
        }
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/ice-servers")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("detail", containsString("too many requests"));
    }
}
