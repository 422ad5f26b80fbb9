package dev.kaigi.credentials.api;

import java.util.List;

/** The response shape of draft-uberti-behave-turn-rest-00. */
public record TurnRestCredential(String username, String password, long ttl, List<String> uris) {
}
