package dev.kaigi.browser;

/**
 * How each client of {@link SimulatedInternet} reaches the internet, and the path a call must then take. The rules
 * are nftables scripts for the client's NAT namespace ("lan" faces the client, "wan" the internet).
 */
enum Topology {
    /** Public addresses, no NAT: the host candidates connect. */
    PUBLIC("host pair") {
        @Override
        String natRules(String publicAddress, String privateAddress) {
            throw new UnsupportedOperationException("no NAT in this topology");
        }
    },
    /**
     * Full-cone NAT: a stateless 1:1 mapping, ports kept, anyone may send to the mapped address (endpoint-independent
     * mapping and filtering). Conntrack masquerade would not do: it turns symmetric when both sides punch at once.
     */
    FULL_CONE("direct via server-reflexive candidates") {
        @Override
        String natRules(String publicAddress, String privateAddress) {
            return """
                    table ip kaigi {
                      chain inbound {
                        type filter hook prerouting priority raw; policy accept;
                        iifname "wan" ip daddr %1$s notrack ip daddr set %2$s
                        iifname "lan" ip saddr %2$s notrack
                      }
                      chain outbound {
                        type filter hook postrouting priority srcnat; policy accept;
                        oifname "wan" ip saddr %2$s ip saddr set %1$s
                      }
                    }
                    """.formatted(publicAddress, privateAddress);
        }
    },
    /** Symmetric NAT: a random port per destination, replies only from that destination. Needs TURN. */
    SYMMETRIC("relay over UDP") {
        @Override
        String natRules(String publicAddress, String privateAddress) {
            return conntrackNat("masquerade random", "iifname \"lan\" accept");
        }
    },
    /** A firewall that drops all UDP (NAT as usual): TURN over TCP. */
    UDP_BLOCKED("relay over TCP") {
        @Override
        String natRules(String publicAddress, String privateAddress) {
            return conntrackNat("masquerade", "iifname \"lan\" meta l4proto udp drop\n    iifname \"lan\" accept");
        }
    },
    /** A firewall that lets only TCP to port 443 out: signaling, credentials and TURN (TLS) all on 443. */
    ONLY_TCP_443("relay over TLS on 443") {
        @Override
        String natRules(String publicAddress, String privateAddress) {
            return conntrackNat("masquerade", "iifname \"lan\" tcp dport 443 accept");
        }
    };

    final String expectedPath;

    Topology(String expectedPath) {
        this.expectedPath = expectedPath;
    }

    abstract String natRules(String publicAddress, String privateAddress);

    boolean natted() {
        return this != PUBLIC;
    }

    /** Whether a call here needs TURN (and fails without it). */
    boolean needsTurn() {
        return this == SYMMETRIC || this == UDP_BLOCKED || this == ONLY_TCP_443;
    }

    private static String conntrackNat(String masquerade, String outboundFilter) {
        return """
                table ip kaigi {
                  chain outbound {
                    type nat hook postrouting priority srcnat;
                    oifname "wan" %s
                  }
                  chain forwarding {
                    type filter hook forward priority filter; policy drop;
                    ct state established,related accept
                    %s
                  }
                }
                """.formatted(masquerade, outboundFilter);
    }
}
