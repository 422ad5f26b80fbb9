package dev.kaigi.signaling.token;

/**
 * The claims of every token Kaigi signs, in the order they are written: issuer, audience, subject (the peer id), room,
 * issued-at and expiry in epoch seconds, and the display name (resume tokens only). A null room or name is left out.
 * A record rather than a map: a join signs two tokens, and their maps were ≈ 1 KB of its garbage (docs/benchmarks.md).
 */
record TokenClaims(String issuer, String audience, String subject, String room, long issuedAt, long expiresAt,
        String name) {
}
