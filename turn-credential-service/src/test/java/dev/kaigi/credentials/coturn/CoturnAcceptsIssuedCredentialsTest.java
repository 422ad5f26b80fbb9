package dev.kaigi.credentials.coturn;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaigi.credentials.JoinTokens;
import dev.kaigi.credentials.hmac.HmacTurnCredentials;
import dev.kaigi.credentials.hmac.TurnCredential;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real coturn checks what the running credential service issues over HTTP. */
@QuarkusTest
class CoturnAcceptsIssuedCredentialsTest {
    static final String SECRET_ONE = "test-secret-one-0123456789abcdef0123";
    static final String SECRET_TWO = "test-secret-two-0123456789abcdef0123";
    static Coturn coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.start(List.of(SECRET_ONE, SECRET_TWO));
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void relaysWithCredentialsFromIceServersEndpoint() throws Exception {
        JsonPath body = given().header("Authorization", "Bearer " + JoinTokens.valid("coturnPeer1"))
                .get("/api/v1/ice-servers").then().statusCode(200).extract().jsonPath();
        String username = body.getString("iceServers[1].username");
        String credential = body.getString("iceServers[1].credential");
        assertTrue(coturn.relays(username, credential), coturn.log());
    }

    @Test
    void relaysWithCredentialsFromDraftUbertiEndpoint() throws Exception {
        JsonPath body = given().header("X-API-Key", "test-api-key-0123456789abcdefghijkl")
                .queryParam("service", "turn").queryParam("username", "server-bot")
                .get("/api/v1/turn-credentials").then().statusCode(200).extract().jsonPath();
        assertTrue(coturn.relays(body.getString("username"), body.getString("password")), coturn.log());
    }

    @Test
    void productionTemplateRefusesToRelayIntoLoopback() throws Exception {
        JsonPath body = given().header("Authorization", "Bearer " + JoinTokens.valid("coturnPeer3"))
                .get("/api/v1/ice-servers").then().statusCode(200).extract().jsonPath();
        try (Coturn production = Coturn.start(List.of(SECRET_ONE), false)) {
            assertFalse(production.relays(body.getString("iceServers[1].username"),
                    body.getString("iceServers[1].credential")), "denied-peer-ip did not stop a loopback relay");
            assertTrue(production.lastClientOutput.contains("403 (Forbidden IP)"), production.lastClientOutput);
        }
    }

    @Test
    void refusesTamperedPassword() throws Exception {
        JsonPath body = given().header("Authorization", "Bearer " + JoinTokens.valid("coturnPeer2"))
                .get("/api/v1/ice-servers").then().statusCode(200).extract().jsonPath();
        String credential = body.getString("iceServers[1].credential");
        String tampered = (credential.charAt(0) == 'A' ? "B" : "A") + credential.substring(1);
        assertFalse(coturn.relays(body.getString("iceServers[1].username"), tampered));
    }

    @Test
    void refusesExpiredUsernameEvenWithCorrectHmac() throws Exception {
        TurnCredential expired = new HmacTurnCredentials(SECRET_ONE, Duration.ofMinutes(1))
                .issue("late", Instant.now().minus(Duration.ofMinutes(10)));
        assertFalse(coturn.relays(expired.username(), expired.password()));
    }

    @Test
    void refusesCredentialsSignedWithUnknownSecret() throws Exception {
        TurnCredential foreign = new HmacTurnCredentials("some-other-secret-0123456789abcdef", Duration.ofHours(1))
                .issue("stranger", Instant.now());
        assertFalse(coturn.relays(foreign.username(), foreign.password()));
    }
}
