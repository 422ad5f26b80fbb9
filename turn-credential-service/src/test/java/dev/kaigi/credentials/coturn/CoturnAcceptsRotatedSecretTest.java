package dev.kaigi.credentials.coturn;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaigi.credentials.JoinTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rotation: the service now signs with the second secret (listed first in its config) while coturn still
 * lists the old one first. coturn accepts it because it tries every static-auth-secret.
 */
@QuarkusTest
@TestProfile(CoturnAcceptsRotatedSecretTest.SignWithSecondSecret.class)
class CoturnAcceptsRotatedSecretTest {
    public static class SignWithSecondSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kaigi.turn.secrets", CoturnAcceptsIssuedCredentialsTest.SECRET_TWO + ","
                    + CoturnAcceptsIssuedCredentialsTest.SECRET_ONE);
        }
    }

    @Test
    void relaysWithCredentialsSignedBySecondSecret() throws Exception {
        try (Coturn coturn = Coturn.start(List.of(CoturnAcceptsIssuedCredentialsTest.SECRET_ONE,
                CoturnAcceptsIssuedCredentialsTest.SECRET_TWO))) {
            JsonPath body = given().header("Authorization", "Bearer " + JoinTokens.valid("rotatedPeer"))
                    .get("/api/v1/ice-servers").then().statusCode(200).extract().jsonPath();
            String username = body.getString("iceServers[1].username");
            String credential = body.getString("iceServers[1].credential");
            assertTrue(credential.equals(dev.kaigi.credentials.api.IceServersResourceTestAccess.hmac(
                    CoturnAcceptsIssuedCredentialsTest.SECRET_TWO, username)), "not signed with the second secret");
            assertTrue(coturn.relays(username, credential), coturn.log());
        }
    }
}
