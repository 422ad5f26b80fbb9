package dev.kaigi.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/**
 * Calls through NATs and firewalls: two real participants, each behind its own simulated network, join through the
 * UI and must decode each other's video over the path their networks imply. Without TURN, the networks that need
 * it must fail (the negative control that proves the harness). Each call also records join → first decoded frame
 * next to an in-page floor (target/connectivity-timings.json; docs/benchmarks.md).
 */
class ConnectivityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MEDIA = Duration.ofSeconds(60);
    private static final Path TIMINGS = Path.of("target", "connectivity-timings.json");
    private static final ObjectNode timings = JSON.createObjectNode();
    private static SimulatedInternet internet;
    private static InternetServers servers;

    @BeforeAll
    static void startInternet() throws Exception {
        internet = SimulatedInternet.create();
        servers = new InternetServers();
        servers.start();
        warmUp();
    }

    /**
     * Two untimed calls before the timed ones, the same way (pre-join check, then Join): a deployed signaling service
     * has long since loaded and compiled what a join runs, a fresh JVM pays for it in its first calls. Traced, the
     * peer already there took up the newcomer's offer 95 ms after Join in the first call of a run, 11-23 ms in the
     * fourth and fifth, so whichever topology came first was measured against a cold server.
     */
    private static void warmUp() throws Exception {
        connect(Topology.PUBLIC);
        for (int call = 1; call <= 2; call++) {
            String room = room("warm-up-" + call);
            try (Participant a = participant("Aoi", SimulatedInternet.Client.A);
                    Participant b = participant("Bruno", SimulatedInternet.Client.B)) {
                joinAfterTheirChecks(room, a, b);
                String aId = a.peerId();
                b.awaitStats(MEDIA, "warm-up call " + call + ": video from A decoded",
                        s -> MeetingTest.receiving(s, aId, 30));
            }
        }
    }

    @AfterAll
    static void stopInternet() throws Exception {
        if (servers != null) {
            servers.close();
        }
        if (internet != null) {
            internet.close();
        }
        Files.writeString(TIMINGS, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(timings));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void twoParticipantsConnectOverThePathTheirNetworksAllow(Topology topology) throws Exception {
        connect(topology);
        String room = room("net");
        try (Participant a = participant("Aoi", SimulatedInternet.Client.A);
                Participant b = participant("Bruno", SimulatedInternet.Client.B)) {
            a.open("/r/" + room);
            JsonNode check = networkCheck(a);
            assertNetworkCheck(topology, check);
            a.driver.executeScript("document.getElementById('network-check').scrollIntoView({block: 'center'})");
            a.screenshot(MeetingTest.SCREENSHOTS.resolve("network-check-" + topology.name().toLowerCase() + ".png"));
            a.joinFromPrejoin();
            // As a person would, B spends the few seconds of its own check on the pre-join screen.
            b.open("/r/" + room);
            assertNetworkCheck(topology, networkCheck(b));
            b.joinFromPrejoin();
            String aId = a.peerId();
            String bId = b.peerId();
            a.awaitStats(MEDIA, topology + ": video from B decoded", s -> MeetingTest.receiving(s, bId, 30));
            b.awaitStats(MEDIA, topology + ": video from A decoded", s -> MeetingTest.receiving(s, aId, 30));
            assertPath(topology, a.stats().path(bId));
            assertPath(topology, b.stats().path(aId));
            // The harness's management link is no network of the call (SimulatedInternet): Chromium left it out.
            String candidates = remoteCandidates(b, aId);
            assertTrue(!candidates.isEmpty() && !candidates.contains("10.213."), "candidates from A: " + candidates);
            if (topology.needsTurn()) {
                // The tile says the call is relayed, and over what.
                String transport = b.stats().path(aId).path("transport").asText();
                b.await(d -> String.valueOf(d.executeScript("return document.querySelector("
                        + "'[data-peer=\"' + arguments[0] + '\"] .badge').textContent", aId))
                        .contains("(" + transport + ")"));
            }

            JsonNode joinSteps = JSON.readTree((String) b.driver.executeScript(
                    "return JSON.stringify(window.kaigi.marks)"));
            // B pressed Join right after its network check: its offer, made when the check ended, went with the join.
            assertTrue(joinSteps.path("openingOffer").asBoolean(), "B's offer went with its join: " + joinSteps);

            ObjectNode timing = timings.putObject(topology.name());
            timing.put("path", topology.expectedPath);
            timing.put("joinToFirstFrameMs", firstFrameMs(b, aId));
            timing.set("joinSteps", joinSteps);
            timing.put("inPageFloorMs", inPageFloorMs(a, room, topology.needsTurn()));
            timing.set("networkCheck", check);
            a.saveConsole(Path.of("target", "internet-logs", "console-" + topology + "-A.log"));
            b.saveConsole(Path.of("target", "internet-logs", "console-" + topology + "-B.log"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"SYMMETRIC", "UDP_BLOCKED", "ONLY_TCP_443"})
    void withoutTurnTheseNetworksCannotConnect(Topology topology) throws Exception {
        connect(topology);
        String room = room("noturn");
        try (Participant a = participant("Aoi", SimulatedInternet.Client.A);
                Participant b = participant("Bruno", SimulatedInternet.Client.B)) {
            a.join(room, "?turn=off");
            b.join(room, "?turn=off");
            String bId = b.peerId();
            // Signaling works (each sees the other), so what fails below is the media path alone.
            a.await(d -> Long.valueOf(1).equals(d.executeScript("return window.kaigi.roster.size")));
            TimeUnit.SECONDS.sleep(20);
            JsonNode link = a.stats().path(bId);
            assertEquals(0, link.path("framesDecoded").asLong(), topology + " without TURN decoded video: " + link);
            assertTrue(!"connected".equals(link.path("state").asText()), topology + " without TURN connected: " + link);
        }
    }

    /**
     * A relay-only call uses the one relay transport the network check found best: UDP behind symmetric NATs. When
     * UDP to the relay stops getting through during the call, the link fails, the page takes every relay URL again,
     * and the call comes back over TCP or TLS.
     */
    @Test
    void aRelayOnlyCallWhoseRelayTransportIsCutComesBackOverAnother() throws Exception {
        connect(Topology.SYMMETRIC);
        String room = room("fallback");
        try (Participant a = participant("Aoi", SimulatedInternet.Client.A);
                Participant b = participant("Bruno", SimulatedInternet.Client.B)) {
            joinAfterTheirChecks(room, a, b);
            String bId = b.peerId();
            a.awaitStats(MEDIA, "video from B over the relay on UDP", s -> MeetingTest.receiving(s, bId, 30)
                    && "udp".equals(s.path(bId).path("transport").asText()));
            SimulatedInternet.nft(SimulatedInternet.Client.A.namespace(), """
                    table inet kaigi_relay_udp_cut {
                      chain out {
                        type filter hook output priority 0; policy accept;
                        ip daddr %s ip protocol udp drop
                      }
                    }
                    """.formatted(SimulatedInternet.TURN));
            try {
                long before = MeetingTest.frames(a, bId);
                a.awaitStats(Duration.ofSeconds(120), "video from B again, over the relay on TCP or TLS",
                        s -> Set.of("tcp", "tls").contains(s.path(bId).path("transport").asText())
                                && s.path(bId).path("framesDecoded").asLong() > before + 30);
            } finally {
                SimulatedInternet.nft(SimulatedInternet.Client.A.namespace(),
                        "delete table inet kaigi_relay_udp_cut\n");
            }
        }
    }

    @Test
    void privacyModeHidesTheUsersAddressesFromTheOthersAndIsRemembered() throws Exception {
        connect(Topology.PUBLIC);
        String room = room("privacy");
        try (Participant a = participant("Aoi", SimulatedInternet.Client.A);
                Participant b = participant("Bruno", SimulatedInternet.Client.B)) {
            a.open("/r/" + room);
            a.await(d -> d.findElement(By.id("privacy-mode"))).click();
            a.joinFromPrejoin();
            b.join(room, "");
            String aId = a.peerId();
            String bId = b.peerId();
            a.awaitStats(MEDIA, "video from B", s -> MeetingTest.receiving(s, bId, 30));
            b.awaitStats(MEDIA, "video from A", s -> MeetingTest.receiving(s, aId, 30));
            assertEquals("relay", a.stats().path(bId).path("localCandidateType").asText(), a.stats().toString());
            // Everything B ever learnt about A's side: no candidate carries A's own address.
            String seen = remoteCandidates(b, aId);
            assertTrue(!seen.isEmpty() && !seen.contains(SimulatedInternet.Client.A.publicAddress()),
                    "B saw A's address: " + seen);
            assertTrue(seen.contains("relay " + SimulatedInternet.TURN), "A reached B through the relay: " + seen);
            a.open("/r/" + room);
            assertTrue(a.await(d -> d.findElement(By.id("privacy-mode"))).isSelected(), "privacy mode is remembered");
        }
    }

    private static void connect(Topology topology) throws Exception {
        servers.stopDrivers();
        internet.connect(topology);
        servers.startDrivers();
    }

    private static Participant participant(String name, SimulatedInternet.Client client) throws Exception {
        return new Participant(name, servers.driverUrl(client), InternetServers.ORIGIN, servers.browserArguments());
    }

    /** A room of its own for each call: the kind of call, then a random suffix. */
    private static String room(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Each joins in turn as a person would: the pre-join page, its network check to the end, then Join. */
    private static void joinAfterTheirChecks(String room, Participant... participants) throws Exception {
        for (Participant p : participants) {
            p.open("/r/" + room);
            networkCheck(p);
            p.joinFromPrejoin();
        }
    }

    /** The pre-join network check's findings, once it has finished. */
    private static JsonNode networkCheck(Participant p) throws Exception {
        p.await(Duration.ofSeconds(30), d -> "done".equals(d.executeScript(
                "const c = document.getElementById('network-check'); return c && c.dataset.state")));
        return JSON.readTree((String) p.driver.executeScript(
                "return JSON.stringify({...document.getElementById('network-check').dataset,"
                        + " text: document.getElementById('network-summary').textContent})"));
    }

    /**
     * Topologies 1, 4 and 5: the check reports exactly what the network blocks. Behind NATs it tells a symmetric one
     * (a public port per destination) from a full cone (one public port for all), which decides relay-only calls.
     */
    private static void assertNetworkCheck(Topology topology, JsonNode check) {
        Map<String, String> expected = switch (topology) {
            case PUBLIC -> Map.of("udp", "ok", "turnUdp", "ok", "turnTcp", "ok", "turnTls", "ok",
                    "summary", "netcheck.ok");
            case FULL_CONE -> Map.of("udp", "ok", "mapping", "fixed", "summary", "netcheck.ok");
            case SYMMETRIC -> Map.of("udp", "ok", "turnUdp", "ok", "mapping", "varies", "summary", "netcheck.viaRelay");
            case UDP_BLOCKED -> Map.of("udp", "fail", "turnUdp", "fail", "turnTcp", "ok", "turnTls", "ok",
                    "summary", "netcheck.viaTcp");
            case ONLY_TCP_443 -> Map.of("udp", "fail", "turnUdp", "fail", "turnTcp", "fail", "turnTls", "ok",
                    "summary", "netcheck.viaTls");
            default -> Map.of("signaling", "ok");
        };
        assertEquals("ok", check.path("signaling").asText(), topology + ": " + check);
        expected.forEach((key, value) -> assertEquals(value, check.path(key).asText(),
                topology + ": network check " + key + " in " + check));
    }

    /** The selected candidate pair is the one the topology implies. */
    private static void assertPath(Topology topology, JsonNode link) {
        String local = link.path("localCandidateType").asText();
        String remote = link.path("remoteCandidateType").asText();
        String transport = link.path("transport").asText();
        String facts = topology + " (" + topology.expectedPath + "): " + link;
        switch (topology) {
            case PUBLIC -> {
                assertEquals("host", local, facts);
                assertEquals("host", remote, facts);
            }
            case FULL_CONE -> {
                assertEquals("direct", link.path("path").asText(), facts);
                assertTrue(Set.of("srflx", "prflx").contains(local) || Set.of("srflx", "prflx").contains(remote),
                        "a reflexive candidate in the pair: " + facts);
            }
            case SYMMETRIC -> {
                assertEquals("relay", link.path("path").asText(), facts);
                assertEquals("udp", transport, facts);
            }
            case UDP_BLOCKED -> {
                assertEquals("relay", local, facts);
                assertEquals("tcp", transport, facts);
            }
            case ONLY_TCP_443 -> {
                assertEquals("relay", local, facts);
                assertEquals("tls", transport, facts);
                assertTrue(link.path("relayUrl").asText().contains(":443"), facts);
            }
        }
    }

    /** The candidates this participant's link to {@code peer} learnt from the other side: "type address, …". */
    private static String remoteCandidates(Participant p, String peer) {
        return (String) p.driver.executeAsyncScript("""
                const [peer, done] = arguments;
                window.kaigi.mesh.links.get(peer).pc.getStats().then((report) => {
                  const remote = [];
                  report.forEach((s) => {
                    if (s.type === 'remote-candidate') remote.push(s.candidateType + ' ' + s.address);
                  });
                  done(remote.join(', '));
                });
                """, peer);
    }

    private static long firstFrameMs(Participant p, String from) {
        Object value = p.await(d -> d.executeScript("return window.kaigi.firstFrameMs[arguments[0]]", from));
        return ((Number) value).longValue();
    }

    /**
     * The floor: two RTCPeerConnections in one page over the same ICE servers (relay only where the topology needs
     * TURN, as the call does), from creating them to the first decoded frame.
     */
    private static long inPageFloorMs(Participant p, String room, boolean relay) {
        Object value = p.driver.executeAsyncScript("""
                const [room, credentials, relay, done] = arguments;
                (async () => {
                  const { token } = await (await fetch('/network-check/' + room, { method: 'POST' })).json();
                  const { iceServers } = await (await fetch(credentials + '/api/v1/ice-servers',
                    { headers: { Authorization: 'Bearer ' + token } })).json();
                  const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
                  const video = document.createElement('video');
                  video.muted = true;
                  video.style.cssText = 'position:fixed;right:0;bottom:0;width:160px;height:90px';
                  document.body.append(video);
                  const config = { iceServers, iceTransportPolicy: relay ? 'relay' : 'all' };
                  const started = performance.now();
                  const sender = new RTCPeerConnection(config);
                  const receiver = new RTCPeerConnection(config);
                  sender.onicecandidate = ({ candidate }) => candidate && receiver.addIceCandidate(candidate);
                  receiver.onicecandidate = ({ candidate }) => candidate && sender.addIceCandidate(candidate);
                  const frame = new Promise((resolve) => {
                    receiver.ontrack = ({ streams }) => {
                      if (video.srcObject) return;
                      video.srcObject = streams[0];
                      video.play();
                      video.requestVideoFrameCallback(() => resolve(performance.now()));
                    };
                  });
                  media.getTracks().forEach((track) => sender.addTrack(track, media));
                  await sender.setLocalDescription();
                  await receiver.setRemoteDescription(sender.localDescription);
                  await receiver.setLocalDescription();
                  await sender.setRemoteDescription(receiver.localDescription);
                  const first = await frame;
                  sender.close(); receiver.close(); media.getTracks().forEach((t) => t.stop()); video.remove();
                  done(Math.round(first - started));
                })().catch((e) => done('floor failed: ' + e));
                """, room, servers.credentialsOrigin(), relay);
        if (!(value instanceof Number number)) {
            throw new AssertionError("in-page floor: " + value);
        }
        return number.longValue();
    }
}
