package dev.kaigi.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Real users mix browsers: a Chromium–Firefox ESR call, each driven by its own protocol (WebDriver, BiDi). */
class FirefoxMeetingTest {
    static TestNetwork network;
    static KaigiStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        network = TestNetwork.create();
        network.addDefaultRouteToNowhere();
        stack = new KaigiStack();
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

    /** The size ("1280x720") of the video a page shows in this peer's tile. */
    private static String tileSize(String peerId) {
        return "const v = document.querySelector('#grid [data-peer=\"" + peerId + "\"] video');"
                + " return v.videoWidth + 'x' + v.videoHeight";
    }

    /** What Chromium's encoder sends a peer, and why at that size, for a failure's message. */
    private static final String SENDING = "const done = arguments[1]; const out = [];"
            + " window.kaigi.mesh.links.get(arguments[0]).pc.getStats().then((report) => { report.forEach((r) => {"
            + " if (r.type === 'outbound-rtp' && r.kind === 'video') out.push(r.frameWidth + 'x' + r.frameHeight"
            + " + ' limited by ' + r.qualityLimitationReason + ' (' + r.qualityLimitationResolutionChanges"
            + " + ' resolution changes), encoder ' + r.encoderImplementation); }); done(out.join('; ')); },"
            + " (e) => done(String(e)));";

    @Test
    void chromiumAndFirefoxDecodeEachOthersVideoAgreeOnTheCodeAndAScreenShareReachesFirefox() throws Exception {
        String room = "firefox-" + UUID.randomUUID().toString().substring(0, 8);
        try (Participant chromium = new Participant(stack, "Chie");
                FirefoxParticipant firefox = new FirefoxParticipant(stack, "Fumi")) {
            chromium.join(room, "");
            firefox.join(room);
            String chromiumId = chromium.peerId();
            String firefoxId = firefox.peerId();
            chromium.awaitStats(MeetingTest.MEDIA, "video and audio from Firefox",
                    s -> MeetingTest.receiving(s, firefoxId, 30));
            firefox.await("video and audio from Chromium", "return await window.kaigi.stats()",
                    s -> MeetingTest.receiving(s, chromiumId, 30));
            MeetingTest.assertFlowing(chromium, firefoxId);
            long before = firefox.stats().path(chromiumId).path("framesDecoded").asLong();
            firefox.await("frames from Chromium still growing", "return await window.kaigi.stats()",
                    s -> s.path(chromiumId).path("framesDecoded").asLong() > before + 10);
            assertEquals("direct", firefox.stats().path(chromiumId).path("path").asText(),
                    "Firefox's badge finds the selected pair too");

            // Both browsers derive the same security code for their link (Firefox puts its fingerprint at session
            // level, Chromium per media section).
            String atChromium = (String) chromium.driver.executeAsyncScript("const done = arguments[1];"
                    + " window.kaigi.mesh.securityCode(arguments[0]).then(done, (e) => done(String(e)));", firefoxId);
            assertEquals(atChromium, firefox.run("return await window.kaigi.mesh.securityCode('" + chromiumId + "')")
                    .asText());
            assertTrue(atChromium.matches("\\d{4} \\d{4} \\d{4} \\d{4}"), atChromium);

            // A network change makes a browser restart ICE: the renegotiation between the two must succeed (new ICE
            // credentials on both sides) and media keep flowing, whichever side restarts. A browser may let a
            // restartIce() issued right after the other side's restart pass without renegotiating (both did here,
            // now and then); Kaigi repeats its restarts while a link is down, and so does this test, every 4 s,
            // until new credentials are in place.
            for (boolean fromChromium : new boolean[] {false, true}) {
                String ufrags = "const pc = window.kaigi.mesh.links.get(arguments[0]).pc;"
                        + " const u = (d) => /a=ice-ufrag:(\\S+)/.exec(d?.sdp || '')?.[1];"
                        + " return u(pc.localDescription) + '/' + u(pc.remoteDescription) + '/' + pc.signalingState";
                String[] old = ((String) chromium.driver.executeScript(ufrags, firefoxId)).split("/");
                Runnable restart = () -> {
                    if (fromChromium) {
                        chromium.driver.executeScript("window.kaigi.mesh.links.get(arguments[0]).pc.restartIce()",
                                firefoxId);
                    } else {
                        try {
                            firefox.run("window.kaigi.mesh.links.get('" + chromiumId + "').pc.restartIce()");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
                long[] restartedAt = {System.nanoTime()};
                restart.run();
                chromium.await(Duration.ofSeconds(20), d -> {
                    String[] now = ((String) d.executeScript(ufrags, firefoxId)).split("/");
                    boolean renegotiated = !now[0].equals(old[0]) && !now[1].equals(old[1]) && "stable".equals(now[2]);
                    if (!renegotiated && System.nanoTime() - restartedAt[0] > Duration.ofSeconds(4).toNanos()) {
                        restartedAt[0] = System.nanoTime();
                        restart.run();
                    }
                    return renegotiated;
                });
                // Chromium's video could stop reaching it after a restart while both stayed connected (a browser
                // interop fault): the page notices within 4-8 s and replaces the link, which this bound covers.
                MeetingTest.assertFlowing(chromium, firefoxId, Duration.ofSeconds(30));
                long at = firefox.stats().path(chromiumId).path("framesDecoded").asLong();
                firefox.await("frames after an ICE restart", "return await window.kaigi.stats()",
                        s -> s.path(chromiumId).path("framesDecoded").asLong() > at + 10);
            }

            // The share replaces Chromium's camera track: Firefox sees the tile turn into a screen and decodes the
            // screen's frames (its size, not the camera's).
            String camera = firefox.run(tileSize(chromiumId)).asText();
            chromium.driver.findElement(By.id("toggle-screen")).click();
            String screen = chromium.await(Duration.ofSeconds(20), d -> {
                Object size = d.executeScript(tileSize("self"));
                return !"0x0".equals(size) && !camera.equals(size) ? (String) size : null;
            });
            firefox.await("Chromium's tile marked as sharing",
                    "return document.querySelector('#grid [data-peer=\"" + chromiumId + "\"]').dataset.screen",
                    s -> "true".equals(s.asText()));
            // Firefox shows the screen at the size the screen track has now, as Chromium's own tile shows it: the
            // sender keeps a screen's resolution (maintain-resolution), though the capturer may change the track's.
            // Twice in CI Firefox stayed at 800x450 of 1280x720, cause unknown (capturer or encoder); a failure
            // says which, with the sender's own account of its resolution.
            String[] shown = {null, null}; // at Chromium, at Firefox
            try {
                chromium.await(Duration.ofSeconds(60), d -> {
                    shown[0] = (String) d.executeScript(tileSize("self"));
                    try {
                        shown[1] = firefox.run(tileSize(chromiumId)).asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return shown[0].equals(shown[1]) && !camera.equals(shown[1]);
                });
            } catch (AssertionError e) {
                throw new AssertionError("Firefox shows Chromium's share at " + shown[1] + ", Chromium's screen is "
                        + shown[0] + " (at first " + screen + ", camera " + camera + "); Chromium sends "
                        + chromium.driver.executeAsyncScript(SENDING, firefoxId), e);
            }
            assertEquals("maintain-resolution", chromium.driver.executeScript("return window.kaigi.mesh.links"
                    + ".get(arguments[0]).pc.getSenders().find((s) => s.track?.kind === 'video')"
                    + ".getParameters().degradationPreference", firefoxId), "a screen keeps its resolution");
            long sharing = firefox.stats().path(chromiumId).path("framesDecoded").asLong();
            firefox.await("screen frames still growing", "return await window.kaigi.stats()",
                    s -> s.path(chromiumId).path("framesDecoded").asLong() > sharing + 10);
        }
    }
}
