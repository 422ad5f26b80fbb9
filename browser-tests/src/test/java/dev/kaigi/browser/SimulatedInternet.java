package dev.kaigi.browser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small internet in network namespaces. "kaigi-inet" is the internet: a bridge, 203.0.113.0/24 (TEST-NET-3,
 * so nothing here is routable outside). "kaigi-srv" holds the servers, one public address each: the web entrance
 * (signaling and UI), the credential service and coturn. Each of the two clients ("kaigi-a", "kaigi-b") is either
 * on the bridge itself (public address) or behind its own NAT namespace ("kaigi-nat-a", "kaigi-nat-b") whose
 * nftables rules model the {@link Topology}. The test JVM reaches the servers' management ports and each client's
 * ChromeDriver over separate veth pairs into the root namespace (10.213.80-82.0/30); a client never sends media
 * over its management link (an output rule drops it), and nothing forwards between those links. Inside a namespace
 * that link is named like a VMware adapter ("vmnet-…"), which Chromium leaves out of ICE as it does on real
 * machines: otherwise each side offers it as a second network whose pairs, checked first and dropped, cost a check
 * interval each (≈ 150 ms per call), where the in-page floor's pairs on it work.
 */
final class SimulatedInternet implements AutoCloseable {
    static final String WEB = "203.0.113.10";
    static final String CREDENTIALS = "203.0.113.11";
    static final String TURN = "203.0.113.12";
    static final String SERVERS = "kaigi-srv";
    static final String SERVERS_MANAGEMENT = "10.213.80.2";
    private static final String INTERNET = "kaigi-inet";
    private static final String ROUTER = "203.0.113.1";
    /** The management link's name inside a namespace (see above). */
    private static final String MANAGEMENT_LINK = "vmnet-mgmt";

    /** One of the two clients. */
    enum Client {
        A(1), B(2);

        final int n;

        Client(int n) {
            this.n = n;
        }

        String namespace() {
            return "kaigi-" + name().toLowerCase();
        }

        String natNamespace() {
            return "kaigi-nat-" + name().toLowerCase();
        }

        /** Its address when it has no NAT. */
        String publicAddress() {
            return "203.0.113.3" + n;
        }

        /** Its NAT's address on the internet. */
        String natAddress() {
            return "203.0.113.2" + n;
        }

        /** Its address behind the NAT: each side its own private range, as two homes would have. */
        String privateAddress() {
            return "192.168." + n + ".2";
        }

        /** Where the test JVM reaches its ChromeDriver. */
        String management() {
            return "10.213.8" + n + ".2";
        }

        String hostSideManagement() {
            return "10.213.8" + n + ".1";
        }
    }

    private Topology topology;

    static SimulatedInternet create() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the connectivity tests need root for network namespaces and nftables; "
                    + "run scripts/test-all.sh as root, as CI does");
        }
        Project.require("ip", "apt-get install iproute2");
        Project.require("nft", "apt-get install nftables");
        SimulatedInternet internet = new SimulatedInternet();
        internet.removeAll();
        addNamespace(INTERNET);
        in(INTERNET, "ip", "link", "add", "br0", "type", "bridge");
        in(INTERNET, "ip", "addr", "add", ROUTER + "/24", "dev", "br0");
        in(INTERNET, "ip", "link", "set", "br0", "up");
        addNamespace(SERVERS);
        plugIntoInternet(SERVERS, WEB);
        in(SERVERS, "ip", "addr", "add", CREDENTIALS + "/24", "dev", "wan");
        in(SERVERS, "ip", "addr", "add", TURN + "/24", "dev", "wan");
        managementLink(SERVERS, "kgm-srv", "10.213.80.1", SERVERS_MANAGEMENT);
        return internet;
    }

    /** Rebuilds both clients (and their NATs) for {@code topology}; the servers stay. */
    void connect(Topology topology) throws Exception {
        removeClients();
        this.topology = topology;
        for (Client client : Client.values()) {
            addNamespace(client.namespace());
            if (topology.natted()) {
                String nat = client.natNamespace();
                addNamespace(nat);
                plugIntoInternet(nat, client.natAddress());
                in(nat, "ip", "route", "add", "default", "via", ROUTER);
                run(true, "ip", "link", "add", "name", "lan", "netns", nat, "type", "veth", "peer", "name", "lan",
                        "netns", client.namespace());
                in(nat, "ip", "addr", "add", "192.168." + client.n + ".1/24", "dev", "lan");
                in(nat, "ip", "link", "set", "lan", "up");
                in(nat, "sysctl", "-qw", "net.ipv4.ip_forward=1");
                nft(nat, topology.natRules(client.natAddress(), client.privateAddress()));
                in(client.namespace(), "ip", "addr", "add", client.privateAddress() + "/24", "dev", "lan");
                in(client.namespace(), "ip", "link", "set", "lan", "up");
                in(client.namespace(), "ip", "route", "add", "default", "via", "192.168." + client.n + ".1");
            } else {
                plugIntoInternet(client.namespace(), client.publicAddress());
            }
            managementLink(client.namespace(), "kgm-" + client.name().toLowerCase(), client.hostSideManagement(),
                    client.management());
            // The management link carries WebDriver only: a packet from its address leaving any other way is dropped.
            nft(client.namespace(), """
                    table ip kaigi {
                      chain out {
                        type filter hook output priority filter; policy accept;
                        oifname != "%s" ip saddr 10.213.0.0/16 drop
                      }
                    }
                    """.formatted(MANAGEMENT_LINK));
        }
    }

    Topology topology() {
        return topology;
    }

    /** {@code command} as run inside {@code namespace}. */
    static List<String> inside(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    private static void addNamespace(String name) throws Exception {
        run(true, "ip", "netns", "add", name);
        // IPv4 only: no IPv6 link-local addresses appearing a moment after each link comes up, which Chromium
        // would take for a network change (ERR_NETWORK_CHANGED on a page load).
        in(name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
        in(name, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
        in(name, "ip", "link", "set", "lo", "up");
    }

    /** A veth from {@code namespace} ("wan") into the internet's bridge. */
    private static void plugIntoInternet(String namespace, String address) throws Exception {
        String port = "p-" + namespace.replace("kaigi-", "");
        run(true, "ip", "link", "add", "name", port, "netns", INTERNET, "type", "veth", "peer", "name", "wan",
                "netns", namespace);
        in(INTERNET, "ip", "link", "set", port, "master", "br0", "up");
        in(namespace, "ip", "addr", "add", address + "/24", "dev", "wan");
        in(namespace, "ip", "link", "set", "wan", "up");
    }

    private static void managementLink(String namespace, String hostLink, String hostAddress, String inside)
            throws Exception {
        run(false, "ip", "link", "del", hostLink);
        run(true, "ip", "link", "add", "name", hostLink, "type", "veth", "peer", "name", MANAGEMENT_LINK, "netns",
                namespace);
        run(true, "ip", "addr", "add", hostAddress + "/30", "dev", hostLink);
        run(true, "ip", "link", "set", hostLink, "up");
        in(namespace, "ip", "addr", "add", inside + "/30", "dev", MANAGEMENT_LINK);
        in(namespace, "ip", "link", "set", MANAGEMENT_LINK, "up");
    }

    /** Loads an nftables script into a namespace. */
    static void nft(String namespace, String rules) throws Exception {
        Process process = new ProcessBuilder(inside(namespace, List.of("nft", "-f", "-"))).redirectErrorStream(true)
                .start();
        process.getOutputStream().write(rules.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("nft in " + namespace + " failed: " + output + "\n" + rules);
        }
    }

    private static void in(String namespace, String... command) throws Exception {
        List<String> full = inside(namespace, List.of(command));
        run(true, full.toArray(String[]::new));
    }

    private static void run(boolean required, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || (required && process.exitValue() != 0)) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private void removeClients() throws Exception {
        for (Client client : Client.values()) {
            run(false, "ip", "netns", "del", client.namespace());
            run(false, "ip", "netns", "del", client.natNamespace());
            run(false, "ip", "link", "del", "kgm-" + client.name().toLowerCase());
        }
    }

    private void removeAll() throws Exception {
        removeClients();
        run(false, "ip", "netns", "del", SERVERS);
        run(false, "ip", "netns", "del", INTERNET);
        run(false, "ip", "link", "del", "kgm-srv");
    }

    @Override
    public void close() throws Exception {
        removeAll();
    }
}
