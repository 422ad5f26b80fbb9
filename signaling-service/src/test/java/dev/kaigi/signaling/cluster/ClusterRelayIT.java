package dev.kaigi.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kaigi.signaling.relay.JdkPeer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two packaged replicas on one real Redis: a room spanning both behaves like a room on one process. */
class ClusterRelayIT {
    private static ClusterFixture cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ClusterFixture().with("KAIGI_SIGNALING_MAX_PEERS_PER_ROOM", "2").start(2);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static JdkPeer join(int replica, String room, String name) throws Exception {
        JdkPeer peer = new JdkPeer(cluster.replica(replica).base(), room);
        peer.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
        return peer;
    }

    @Test
    void signalsChatStateAndPresenceCrossReplicasInOrderAndRoomsStayIsolated() throws Exception {
        try (JdkPeer a = join(0, "cross", "A"); JdkPeer b = join(1, "cross", "B");
                JdkPeer stranger = join(0, "elsewhere", "S")) {
            String aId = a.expect("welcome").path("peerId").asText();
            JsonNode bWelcome = b.expect("welcome");
            String bId = bWelcome.path("peerId").asText();
            assertEquals(aId, bWelcome.path("peers").get(0).path("peerId").asText());
            assertEquals(bId, a.expect("peer-joined").path("peer").path("peerId").asText());
            assertEquals(0, stranger.expect("welcome").path("peers").size());

            for (int i = 0; i < 40; i++) {
                a.send("{\"type\":\"signal\",\"to\":\"" + bId + "\",\"data\":{\"n\":" + i + "}}");
            }
            for (int i = 0; i < 40; i++) {
                JsonNode signal = b.expect("signal");
                assertEquals(aId, signal.path("from").asText());
                assertEquals(i, signal.path("data").path("n").asInt(), "order across replicas");
                assertEquals(i + 1, signal.path("seq").asLong(), "seq per recipient");
            }
            b.send("{\"type\":\"chat\",\"text\":\"hello from the other replica\"}");
            JsonNode chat = a.expect("chat");
            assertEquals(bId, chat.path("from").asText());
            assertEquals(1, chat.path("seq").asLong());
            b.send("{\"type\":\"state\",\"audio\":true,\"video\":false,\"screen\":true}");
            JsonNode state = a.expect("peer-state");
            assertTrue(state.path("state").path("screen").asBoolean());

            stranger.send("{\"type\":\"signal\",\"to\":\"" + aId + "\",\"data\":{}}");
            assertEquals("unknown-peer", stranger.expect("error").path("code").asText());

            b.send("{\"type\":\"leave\"}");
            JsonNode left = a.expect("peer-left");
            assertEquals(bId, left.path("peerId").asText());
            assertEquals("left", left.path("reason").asText());
            assertEquals(null, stranger.poll(300), "nothing crosses rooms");
        }
    }

    @Test
    void aJoinsOfferReachesAPeerOnTheOtherReplicaAfterItsPeerJoined() throws Exception {
        try (JdkPeer a = join(0, "opening", "A"); JdkPeer b = new JdkPeer(cluster.replica(1).base(), "opening")) {
            String aId = a.expect("welcome").path("peerId").asText();
            b.send("{\"type\":\"join\",\"name\":\"B\",\"offer\":{\"description\":{\"type\":\"offer\"}}}");
            JsonNode welcome = b.expect("welcome");
            assertEquals(aId, welcome.path("offeredTo").asText());
            String bId = welcome.path("peerId").asText();
            assertEquals(bId, a.expect("peer-joined").path("peer").path("peerId").asText());
            JsonNode offer = a.expect("signal");
            assertEquals(bId, offer.path("from").asText());
            assertEquals("offer", offer.path("data").path("description").path("type").asText());
            assertEquals(1, offer.path("seq").asLong());
        }
    }

    @Test
    void aKnockOnOneReplicaIsAnsweredFromTheOtherAndTheLockHoldsOnBoth() throws Exception {
        try (JdkPeer a = join(0, "door", "A")) {
            a.expect("welcome");
            a.send("{\"type\":\"lock\",\"locked\":true}");
            assertTrue(a.expect("room-lock").path("locked").asBoolean());
            try (JdkPeer declined = join(1, "door", "D")) {
                String knockId = declined.expect("knocking").path("knockId").asText();
                assertEquals(knockId, a.expect("knock").path("knockId").asText());
                a.send("{\"type\":\"decline\",\"knockId\":\"" + knockId + "\"}");
                assertEquals("declined", declined.expect("error").path("code").asText());
                assertEquals("declined", a.expect("knock-ended").path("outcome").asText());
            }
            try (JdkPeer c = join(1, "door", "C")) {
                String knockId = c.expect("knocking").path("knockId").asText();
                JsonNode knock = a.expect("knock");
                assertEquals("C", knock.path("name").asText());
                a.send("{\"type\":\"admit\",\"knockId\":\"" + knockId + "\"}");
                JsonNode welcome = c.expect("welcome");
                assertTrue(welcome.path("locked").asBoolean(), "the lock is the room's, on every replica");
                assertEquals("admitted", a.expect("knock-ended").path("outcome").asText());
                assertEquals(welcome.path("peerId").asText(), a.expect("peer-joined").path("peer").path("peerId").asText());
            }
        }
    }

    private static String outcome(JsonNode frame) {
        return frame.path("type").asText().equals("error") ? frame.path("code").asText() : frame.path("type").asText();
    }

    @Test
    void lastSeatRacedFromTwoReplicasGoesToExactlyOnePeer() throws Exception {
        int rounds = 200;
        List<JdkPeer> open = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                String room = "race-" + round;
                JdkPeer first = join(round % 2, room, "first");
                open.add(first);
                first.expect("welcome");
                JdkPeer left = new JdkPeer(cluster.replica(0).base(), room);
                JdkPeer right = new JdkPeer(cluster.replica(1).base(), room);
                open.add(left);
                open.add(right);
                String join = "{\"type\":\"join\",\"name\":\"racer\"}";
                Thread other = new Thread(() -> right.send(join));
                other.start();
                left.send(join);
                other.join();
                String l = outcome(left.poll(15_000));
                String r = outcome(right.poll(15_000));
                List<String> outcomes = new ArrayList<>(List.of(l, r));
                outcomes.sort(null);
                assertEquals(List.of("room-full", "welcome"), outcomes, "round " + round + ": exactly one winner");
                if (open.size() > 60) {
                    open.forEach(JdkPeer::close);
                    open.clear();
                }
            }
        } finally {
            open.forEach(JdkPeer::close);
        }
    }
}
