package dev.kaigi.credentials.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TurnRestResourceTest {
    static final String KEY = "test-api-key-0123456789abcdefghijkl";

    @Test
    void issuesDraftUbertiCredentialForApiKeyHolder() throws Exception {
        JsonPath body = given().header("X-API-Key", KEY)
                .queryParam("service", "turn").queryParam("username", "media-bot")
                .when().get("/api/v1/turn-credentials")
                .then().statusCode(200)
                .body("ttl", equalTo(14400))
                .body("uris", hasItem("turn:127.0.0.1:3478?transport=tcp"))
                .body("username", startsWith(""))
                .extract().jsonPath();
        String username = body.getString("username");
        assertEquals("media-bot", username.substring(username.indexOf(':') + 1));
        assertEquals(IceServersResourceTest.hmacSha1Base64(IceServersResourceTest.FIRST_SECRET, username),
                body.getString("password"));
    }

    @Test
    void acceptsKeyAsQueryParameterAsTheDraftDescribes() {
        given().queryParam("service", "turn").queryParam("username", "u1").queryParam("key", KEY)
                .when().get("/api/v1/turn-credentials").then().statusCode(200);
    }

    @Test
    void missingOrUnknownKeyIsUnauthorizedProblem() {
        given().queryParam("service", "turn").queryParam("username", "u1")
                .when().get("/api/v1/turn-credentials")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("API key is required"));
        given().header("X-API-Key", "wrong-key-0123456789abcdefghijklmnop")
                .queryParam("service", "turn").queryParam("username", "u1")
                .when().get("/api/v1/turn-credentials")
                .then().statusCode(401).body("detail", equalTo("unknown API key"));
    }

    @Test
    void badParametersAreBadRequestProblems() {
        given().header("X-API-Key", KEY).queryParam("service", "stun").queryParam("username", "u1")
                .when().get("/api/v1/turn-credentials")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("service"));
        for (String username : new String[] {"", "with:colon", "x".repeat(129), "spa ce"}) {
            given().header("X-API-Key", KEY).queryParam("service", "turn").queryParam("username", username)
                    .when().get("/api/v1/turn-credentials")
                    .then().statusCode(400).body("detail", containsString("username"));
        }
    }
}
