package dev.kaigi.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of our own for the whole call: browsers, services and coturn see only loopback and one
 * veth address, so no WebRTC packet can head for another machine. The test JVM reaches ChromeDriver and the
 * signaling service over the veth pair (10.213.77.1 here, 10.213.77.2 in the namespace).
 */
final class TestNetwork implements AutoCloseable {
    static final String NAME = "kaigi-e2e";
    static final String HOST_SIDE = "10.213.77.1";
    static final String INSIDE = "10.213.77.2";
    private static final String HOST_LINK = "kaigie2e0";
    private static final String NS_LINK = "kaigie2e1";

    static TestNetwork create() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("browser tests need root to create their network namespace "
                    + "(ip netns add); run scripts/test-all.sh as root, as CI does");
        }
        Project.require("ip", "apt-get install iproute2");
        ip(false, "netns", "del", NAME);
        ip(false, "link", "del", HOST_LINK);
        ip(true, "netns", "add", NAME);
        ip(true, "link", "add", HOST_LINK, "type", "veth", "peer", "name", NS_LINK);
        ip(true, "link", "set", NS_LINK, "netns", NAME);
        ip(true, "addr", "add", HOST_SIDE + "/30", "dev", HOST_LINK);
        ip(true, "link", "set", HOST_LINK, "up");
        ip(true, "netns", "exec", NAME, "ip", "addr", "add", INSIDE + "/30", "dev", NS_LINK);
        ip(true, "netns", "exec", NAME, "ip", "link", "set", NS_LINK, "up");
        ip(true, "netns", "exec", NAME, "ip", "link", "set", "lo", "up");
        return new TestNetwork();
    }

    /**
     * A default route into a veth pair whose both ends stay in the namespace (which forwards nothing), so whatever
     * takes it is dropped: Firefox gathers no ICE candidates on a host without a default route (it probes for its
     * default address first), and real hosts always have one. Nothing leaves the namespace this way either.
     */
    void addDefaultRouteToNowhere() throws Exception {
        ip(true, "netns", "exec", NAME, "ip", "link", "add", "kaigivoid0", "type", "veth", "peer", "name", "kaigivoid1");
        ip(true, "netns", "exec", NAME, "ip", "link", "set", "kaigivoid0", "up");
        ip(true, "netns", "exec", NAME, "ip", "link", "set", "kaigivoid1", "up");
        ip(true, "netns", "exec", NAME, "ip", "route", "add", "default", "dev", "kaigivoid0");
    }

    /** A command that runs inside the namespace. */
    static List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", NAME));
        full.addAll(command);
        return full;
    }

    private static void ip(boolean required, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(20, TimeUnit.SECONDS) || (required && process.exitValue() != 0)) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() throws Exception {
        ip(false, "netns", "del", NAME);
        ip(false, "link", "del", HOST_LINK);
    }
}
