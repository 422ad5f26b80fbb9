package dev.kaigi.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
            JsonNode shown = firefox.await("the screen's frames at the screen's size " + screen + " (camera " + camera
                    + ")", tileSize(chromiumId), s -> s.asText().equals(screen));
            assertTrue(!shown.asText().equals(camera), "camera " + camera + ", screen " + screen);
            long sharing = firefox.stats().path(chromiumId).path("framesDecoded").asLong();
            firefox.await("screen frames still growing", "return await window.kaigi.stats()",
                    s -> s.path(chromiumId).path("framesDecoded").asLong() > sharing + 10);
        }
    }
}
