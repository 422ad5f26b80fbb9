package dev.kaigi.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real call across two signaling replicas (cluster mode on Redis), one of which dies mid-call. */
class ClusterMeetingTest {
    static TestNetwork network;
    static KaigiStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        network = TestNetwork.create();
        stack = KaigiStack.cluster();
        stack.start();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void callAcrossReplicasSurvivesKillingOneAndBothKeepTheirIds() throws Exception {
        String room = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        try (Participant a = new Participant(stack, "Ada", KaigiStack.ENTRANCE_1);
                Participant b = new Participant(stack, "Bruno", KaigiStack.ENTRANCE_2)) {
            a.join(room, "");
            b.join(room, "");
            String aId = a.peerId();
            String bId = b.peerId();
            a.awaitStats(MeetingTest.MEDIA, "media from Bruno", s -> MeetingTest.receiving(s, bId, 10));
            b.awaitStats(MeetingTest.MEDIA, "media from Ada", s -> MeetingTest.receiving(s, aId, 10));
            assertEquals(1, stack.connections(0), "Ada's socket is on replica 1");
            assertEquals(1, stack.connections(1), "Bruno's socket is on replica 2");

            stack.killReplica(0);
            MeetingTest.assertFlowing(a, bId);
            MeetingTest.assertFlowing(b, aId);
            // Ada's client reconnects through her entrance, which now leads to replica 2, and resumes.
            a.await(Duration.ofSeconds(40), d -> Boolean.TRUE.equals(d.executeScript(
                    "return window.kaigi.signaling.socket.readyState === 1 && window.kaigi.signaling.attempt === 0")));
            assertEquals(aId, a.peerId(), "Ada resumed with her id on the other replica");
            assertEquals(bId, b.peerId(), "Bruno never left");
            assertEquals(2, stack.connections(1));
            MeetingTest.assertFlowing(a, bId);
            MeetingTest.assertFlowing(b, aId);

            // Signaling between them works through the surviving replica: a newcomer connects to both.
            try (Participant c = new Participant(stack, "Cleo", KaigiStack.ENTRANCE_1)) {
                c.join(room, "");
                String cId = c.peerId();
                c.awaitStats(MeetingTest.MEDIA, "media from Ada", s -> MeetingTest.receiving(s, aId, 10));
                c.awaitStats(MeetingTest.MEDIA, "media from Bruno", s -> MeetingTest.receiving(s, bId, 10));
                a.awaitStats(MeetingTest.MEDIA, "media from Cleo", s -> MeetingTest.receiving(s, cId, 10));
                b.awaitStats(MeetingTest.MEDIA, "media from Cleo", s -> MeetingTest.receiving(s, cId, 10));
            }
            // The browsers acknowledge what they receive, so the resume queues in Redis stay near empty.
            assertTrue(stack.metric(1, "kaigi_signaling_messages_total{type=\"ack\"") > 0, "no ack reached replica 2");
        }
    }
}
