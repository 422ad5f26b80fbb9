package dev.kaigi.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * A real Firefox ESR (headless, fake camera and microphone) in the test namespace, driven over WebDriver BiDi,
 * which Firefox speaks itself: no geckodriver. Its remote agent listens on the namespace's loopback only and accepts
 * only loopback Host headers, so a small proxy in the namespace exposes it to the test JVM and rewrites the Host.
 */
final class FirefoxParticipant implements AutoCloseable {
    static final int BIDI = 19333;
    static final int BIDI_PROXY = 19334;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Fake devices, no prompts, autoplay, no first-run noise; plain host candidates like the Chromium peers. */
    private static final Map<String, Object> PREFS = Map.ofEntries(
            Map.entry("media.navigator.streams.fake", true),
            Map.entry("devtools.console.stdout.content", true),
            Map.entry("media.navigator.permission.disabled", true),
            Map.entry("media.autoplay.default", 0),
            Map.entry("media.autoplay.blocking_policy", 0),
            Map.entry("media.peerconnection.ice.obfuscate_host_addresses", false),
            // The namespace has no default route: Firefox would call itself offline and gather no candidates.
            Map.entry("network.manage-offline-status", false),
            Map.entry("browser.shell.checkDefaultBrowser", false),
            Map.entry("datareporting.policy.dataSubmissionEnabled", false),
            Map.entry("toolkit.telemetry.reportingpolicy.firstRun", false),
            Map.entry("app.update.disabledForTesting", true),
            Map.entry("network.captive-portal-service.enabled", false),
            Map.entry("browser.safebrowsing.malware.enabled", false),
            Map.entry("browser.safebrowsing.phishing.enabled", false));

    final String name;
    private final Process firefox;
    private final Process proxy;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String context;

    FirefoxParticipant(KaigiStack stack, String name) throws Exception {
        this.name = name;
        String binary = Project.require("firefox-esr", "apt-get install firefox-esr");
        profile = Files.createTempDirectory("kaigi-firefox");
        StringBuilder prefs = new StringBuilder();
        PREFS.forEach((key, value) -> prefs.append("user_pref(\"").append(key).append("\", ").append(value)
                .append(");\n"));
        Files.writeString(profile.resolve("user.js"), prefs);
        firefox = stack.launch("firefox", List.of(binary, "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port", String.valueOf(BIDI)), Map.of(
                        "MOZ_CRASHREPORTER_DISABLE", "1"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        proxy = stack.launch("firefox-proxy", List.of(javaBin, "-cp",
                Path.of("target", "test-classes").toAbsolutePath().toString(), FailoverProxy.class.getName(),
                "--bind=" + TestNetwork.INSIDE, "--host=127.0.0.1:" + BIDI, String.valueOf(BIDI_PROXY),
                String.valueOf(BIDI)), Map.of());
        socket = connect(URI.create("ws://" + TestNetwork.INSIDE + ":" + BIDI_PROXY + "/session"));
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").putObject("alwaysMatch").put("acceptInsecureCerts", true);
        command("session.new", capabilities);
        context = command("browsingContext.getTree", JSON.createObjectNode()).path("contexts").get(0)
                .path("context").asText();
    }

    /** Firefox takes a moment to open its remote agent: retry until the proxied socket upgrades. */
    private WebSocket connect(URI uri) {
        return poll(WAIT, "Firefox's WebDriver BiDi endpoint to come up at " + uri).until(ignored -> {
            if (!firefox.isAlive()) {
                fail("firefox-esr exited with " + firefox.exitValue() + "; see target/stack-logs/firefox.log");
            }
            try {
                return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener())
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                return null;
            }
        });
    }

    /** Re-evaluates every 250 ms until the function returns non-null, or fails with {@code waitingFor}. */
    private FluentWait<FirefoxParticipant> poll(Duration timeout, String waitingFor) {
        return new FluentWait<>(this).withTimeout(timeout).pollingEvery(Duration.ofMillis(250))
                .withMessage(() -> name + " (Firefox): waited for " + waitingFor);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    CompletableFuture<JsonNode> waiting = message.has("id")
                            ? pending.remove(message.path("id").asInt()) : null;
                    if (waiting != null) {
                        waiting.complete(message);
                    }
                } catch (Exception e) {
                    // events and unparsable frames are not ours to answer
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private JsonNode command(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode response = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if ("error".equals(response.path("type").asText())) {
            throw new IllegalStateException(method + " failed: " + response);
        }
        return response.path("result");
    }

    void open(String path) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("context", context)
                .put("url", "http://127.0.0.1:" + KaigiStack.SIGNALING + path).put("wait", "complete");
        command("browsingContext.navigate", params);
    }

    /** Runs an async function body in the page and returns what it returns, as JSON. */
    JsonNode run(String body) throws Exception {
        ObjectNode params = JSON.createObjectNode()
                .put("expression", "(async () => JSON.stringify(await (async () => {" + body + "})() ?? null))()")
                .put("awaitPromise", true).put("resultOwnership", "none");
        params.putObject("target").put("context", context);
        JsonNode result = command("script.evaluate", params);
        if ("exception".equals(result.path("type").asText())) {
            throw new IllegalStateException("page script failed: " + result.path("exceptionDetails"));
        }
        return JSON.readTree(result.path("result").path("value").asText("null"));
    }

    JsonNode await(String description, String body, Predicate<JsonNode> condition) {
        JsonNode[] last = {null};
        try {
            return poll(Duration.ofSeconds(60), description).until(self -> {
                try {
                    last[0] = run(body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return condition.test(last[0]) ? last[0] : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError(name + " (Firefox): " + description + " not reached; last " + last[0], e);
        }
    }

    /** Opens the room, enters the name on the pre-join screen and joins, as a user would. */
    void join(String room) throws Exception {
        open("/r/" + room);
        await("the pre-join screen", "return !!document.getElementById('join-button')", JsonNode::asBoolean);
        run("const field = document.getElementById('display-name');"
                + "field.value = " + JSON.writeValueAsString(name) + ";"
                + "field.dispatchEvent(new Event('input', { bubbles: true }));"
                + "document.getElementById('join-button').click();");
        await("a peer id", "return window.kaigi && window.kaigi.peerId", node -> node.isTextual());
    }

    String peerId() throws Exception {
        return run("return window.kaigi.peerId").asText();
    }

    JsonNode stats() throws Exception {
        return run("return await window.kaigi.stats()");
    }

    @Override
    public void close() throws Exception {
        try {
            command("browser.close", JSON.createObjectNode());
        } catch (Exception ignored) {
            // already gone
        }
        socket.abort();
        for (Process process : List.of(firefox, proxy)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Project.deleteTree(profile);
    }
}
