package dev.kaigi.signaling.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Room lock and lobby over real WebSockets: the server keeps newcomers out until a participant answers. */
@QuarkusTest
class RoomLockTest {
    @TestHTTPResource("/")
    URI base;

    private static String room() {
        return "lock-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static TestPeer knock(URI base, String room, String name) {
        TestPeer newcomer = TestPeer.connect(base, room);
        newcomer.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
        assertFalse(newcomer.expect("knocking").path("knockId").asText().isEmpty());
        return newcomer;
    }

    @Test
    void aNewcomerWaitsInTheLobbyCannotBypassItAndIsLetInByTheFirstAnswer() {
        String room = room();
        try (TestPeer alice = TestPeer.join(base, room, "Alice"); TestPeer bob = TestPeer.join(base, room, "Bob")) {
            alice.expect("peer-joined");
            alice.send("{\"type\":\"lock\",\"locked\":true}");
            for (TestPeer p : List.of(alice, bob)) {
                JsonNode lock = p.expect("room-lock");
                assertTrue(lock.path("locked").asBoolean());
                assertEquals(alice.peerId, lock.path("by").asText());
            }
            try (TestPeer carol = knock(base, room, "Carol")) {
                String knockId = alice.expect("knock").path("knockId").asText();
                assertEquals("Carol", bob.expect("knock").path("name").asText());
                // The lobby holds: joining again, speaking, or resuming with a made-up claim gets nowhere.
                carol.send("{\"type\":\"join\",\"name\":\"Carol\"}");
                carol.expectError("already-joined");
                carol.signal(alice.peerId, "{\"candidate\":\"x\"}");
                assertTrue(carol.expectError("not-joined").path("message").asText().contains("lobby"));
                carol.send("{\"type\":\"chat\",\"text\":\"let me in\"}");
                carol.expectError("not-joined");
                carol.resume(alice.peerId, "forged", 0);
                carol.expectError("already-joined");
                // Another connection only knocks again, and its knock ends when it goes.
                try (TestPeer again = knock(base, room, "Carol")) {
                    assertNotEquals(knockId, alice.expect("knock").path("knockId").asText());
                    bob.expect("knock");
                }
                assertEquals("withdrawn", alice.expect("knock-ended").path("outcome").asText());
                bob.expect("knock-ended");
                alice.expectNothing(Duration.ofMillis(200));

                bob.send("{\"type\":\"admit\",\"knockId\":\"" + knockId + "\"}");
                JsonNode welcome = carol.expect("welcome");
                assertTrue(welcome.path("locked").asBoolean());
                assertEquals(2, welcome.path("peers").size());
                for (TestPeer p : List.of(alice, bob)) {
                    JsonNode ended = p.expect("knock-ended");
                    assertEquals(knockId, ended.path("knockId").asText());
                    assertEquals("admitted", ended.path("outcome").asText());
                    assertEquals(bob.peerId, ended.path("by").asText());
                    assertEquals("Carol", p.expect("peer-joined").path("peer").path("name").asText());
                }
                alice.send("{\"type\":\"decline\",\"knockId\":\"" + knockId + "\"}");
                alice.expectError("unknown-knock");
                carol.send("{\"type\":\"chat\",\"text\":\"thanks\"}");
                assertEquals("thanks", alice.expect("chat").path("text").asText());
            }
        }
    }

    @Test
    void aDeclinedNewcomerIsToldAndDisconnectedAndUnlockLetsTheNextOneIn() {
        String room = room();
        try (TestPeer alice = TestPeer.join(base, room, "Alice")) {
            alice.send("{\"type\":\"lock\",\"locked\":true}");
            alice.expect("room-lock");
            try (TestPeer dave = knock(base, room, "Dave")) {
                String knockId = alice.expect("knock").path("knockId").asText();
                alice.send("{\"type\":\"decline\",\"knockId\":\"" + knockId + "\"}");
                dave.expectError("declined");
                assertEquals(1008, dave.awaitClose());
                assertEquals("declined", alice.expect("knock-ended").path("outcome").asText());
            }
            alice.send("{\"type\":\"lock\",\"locked\":false}");
            assertFalse(alice.expect("room-lock").path("locked").asBoolean());
            try (TestPeer erin = TestPeer.join(base, room, "Erin")) {
                assertFalse(erin.welcome.path("locked").asBoolean());
            }
        }
    }

    @Test
    void lockAndAnswersAreValidated() {
        String room = room();
        try (TestPeer alice = TestPeer.join(base, room, "Alice")) {
            alice.send("{\"type\":\"lock\"}");
            alice.expectError("bad-message");
            alice.send("{\"type\":\"lock\",\"locked\":\"yes\"}");
            alice.expectError("bad-message");
            alice.send("{\"type\":\"admit\",\"knockId\":\"not a knock\"}");
            alice.expectError("bad-message");
            alice.send("{\"type\":\"admit\",\"knockId\":\"AAAAAAAAAAAAAAAAAAAAAA\"}");
            alice.expectError("unknown-knock");
        }
        try (TestPeer stranger = TestPeer.connect(base, room)) {
            stranger.send("{\"type\":\"lock\",\"locked\":true}");
            stranger.expectError("not-joined");
        }
    }
}
