package dev.kaigi.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One person in a meeting: a separate headless Chromium with a fake camera and microphone. */
final class Participant implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final String name;
    final RemoteWebDriver driver;
    private final String origin;
    private final Path profile;

    Participant(KaigiStack stack, String name) throws Exception {
        this(stack, name, KaigiStack.SIGNALING);
    }

    /** A participant who reaches Kaigi through {@code port} (a replica, or an entrance in front of replicas). */
    Participant(KaigiStack stack, String name, int port) throws Exception {
        this(name, stack.chromeDriverUrl(), "http://127.0.0.1:" + port, java.util.List.of());
    }

    /**
     * A participant whose browser runs behind {@code chromeDriverUrl} and opens Kaigi at {@code origin}, with extra
     * Chromium switches.
     */
    Participant(String name, String chromeDriverUrl, String origin, java.util.List<String> extraArguments)
            throws Exception {
        this(name, chromeDriverUrl, origin, extraArguments, options -> { });
    }

    /** A participant on a phone: Chromium's mobile emulation of a 390×844 touch screen. */
    static Participant phone(KaigiStack stack, String name) throws Exception {
        return new Participant(name, stack.chromeDriverUrl(), "http://127.0.0.1:" + KaigiStack.SIGNALING,
                java.util.List.of(), options -> options.setExperimentalOption("mobileEmulation", java.util.Map.of(
                        "deviceMetrics", java.util.Map.of("width", 390, "height", 844, "pixelRatio", 3.0,
                                "touch", true, "mobile", true),
                        "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/130.0.0.0 Mobile Safari/537.36")));
    }

    private Participant(String name, String chromeDriverUrl, String origin, java.util.List<String> extraArguments,
            java.util.function.Consumer<ChromeOptions> customize) throws Exception {
        this.name = name;
        this.origin = origin;
        this.profile = Files.createTempDirectory("kaigi-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1280,800",
                "--user-data-dir=" + profile,
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + FakeCamera.file(),
                "--auto-select-desktop-capture-source=Entire screen", "--autoplay-policy=no-user-gesture-required",
                // Plain host candidates instead of mDNS names: no multicast, everything stays in the namespace.
                "--disable-features=WebRtcHideLocalIpsWithMdns");
        options.addArguments(extraArguments);
        customize.accept(options);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new RemoteWebDriver(new URL(chromeDriverUrl), options);
    }

    void open(String path) {
        driver.get(origin + path);
    }

    /** Opens the room, waits for the pre-join screen, enters the name and joins. */
    void join(String room, String query) {
        openPrejoin(room, query);
        joinFromPrejoin();
    }

    /** On the pre-join screen already open: enters the name and joins. */
    void joinFromPrejoin() {
        pressJoin();
        await(d -> d.executeScript("return window.kaigi && window.kaigi.peerId") != null);
    }

    /** On the pre-join screen already open: presses Join, into a locked room, and waits until it is knocking. */
    void knockFromPrejoin() {
        pressJoin();
        await(d -> "knocking".equals(d.findElement(By.id("banner")).getAttribute("data-state")));
    }

    /** Opens the room and waits for its pre-join screen (camera and microphone open), without joining. */
    void openPrejoin(String room) {
        openPrejoin(room, "");
    }

    /**
     * Opens the room with {@code query} and waits for the pre-join screen, which appears once the browser has opened
     * its camera and microphone. How long that took is printed: beside a three-way mesh on two cores a starting
     * browser's getUserMedia has taken 5 s here and over 30 s in a CI run.
     */
    private void openPrejoin(String room, String query) {
        open("/r/" + room + query);
        long start = System.nanoTime();
        await(d -> d.findElement(By.id("display-name")));
        System.out.printf("%s: pre-join screen after %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    }

    /** Opens the room and presses Join, without waiting to be let in. */
    void pressJoin(String room) {
        openPrejoin(room);
        pressJoin();
    }

    /**
     * Types the name and presses Join, again (at most twice more) while the pre-join screen stays. Once, in a
     * fresh-clone CI, a participant stayed there just as the network check finished; likely (not proven) its
     * results grew the panel and moved the button from under Selenium's click. A second press of a form that did
     * submit changes nothing: the pre-join screen resolves once.
     */
    private void pressJoin() {
        for (int attempt = 0; attempt < 3; attempt++) {
            WebElement nameField = await(d -> d.findElement(By.id("display-name")));
            if (!name.equals(nameField.getDomProperty("value"))) {
                nameField.clear();
                nameField.sendKeys(name);
            }
            driver.findElement(By.id("join-button")).click();
            try {
                new WebDriverWait(driver, Duration.ofSeconds(5), Duration.ofMillis(100))
                        .until(d -> d.findElements(By.id("join-button")).isEmpty());
                return;
            } catch (org.openqa.selenium.TimeoutException stillOnPrejoin) {
                // pressed again below
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                return;
            }
        }
    }

    String peerId() {
        return (String) driver.executeScript("return window.kaigi.peerId");
    }

    /** window.kaigi.stats(): per remote peer id, path, RTT, loss, framesDecoded, audio received. */
    JsonNode stats() {
        Object json = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "window.kaigi.stats().then(s => done(JSON.stringify(s)), e => done('{}'));");
        try {
            return JSON.readTree((String) json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    <T> T await(java.util.function.Function<RemoteWebDriver, T> condition) {
        return await(Duration.ofSeconds(30), condition);
    }

    <T> T await(Duration timeout, java.util.function.Function<RemoteWebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(250))
                    .ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .until(d -> {
                        T value = condition.apply(driver);
                        return value instanceof Boolean b && !b ? null : value;
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(name + ": condition not met within " + timeout + "\n" + diagnostics(), e);
        }
    }

    /** What the page shows and what its console said: the first thing to read when a browser test fails. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("--- page ---\n");
        try {
            out.append(driver.executeScript("return document.getElementById('app').outerHTML.slice(0, 2000)"));
            out.append("\n--- console ---\n");
            driver.manage().logs().get(LogType.BROWSER).forEach(entry -> out.append(entry).append('\n'));
        } catch (RuntimeException e) {
            out.append("(unavailable: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    /** Saves what the page logged to its console since the last read (the first thing to read after a slow call). */
    void saveConsole(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get(LogType.BROWSER).forEach(entry -> out.append(entry).append('\n'));
        Files.writeString(file, out);
    }

    /** What the page logged to its console since the last read of the console. */
    java.util.List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString).toList();
    }

    /** Console reports of Content-Security-Policy violations since the last read of the console. */
    java.util.List<String> cspViolations() {
        return console().stream().filter(line -> line.contains("Content Security Policy")).toList();
    }

    void awaitStats(Duration timeout, String description, Predicate<JsonNode> condition) {
        try {
            await(timeout, d -> condition.test(stats()));
        } catch (AssertionError e) {
            throw new AssertionError(name + ": " + description + " not reached; last stats " + stats(), e);
        }
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // the browser may already be gone
        }
        Project.deleteTree(profile);
    }
}
