package dev.kaigi.credentials.hmac;

import java.time.Instant;

/** A coturn REST-API credential: {@code username = "<unix-expiry>:<id>"}, password its HMAC. */
public record TurnCredential(String username, String password, Instant expiresAt) {
}
