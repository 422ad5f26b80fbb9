package dev.kaigi.credentials.auth;

import dev.kaigi.credentials.CredentialsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** API keys of server-side callers, compared in constant time. */
@ApplicationScoped
public class ApiKeys {
    private final List<byte[]> keys;

    public ApiKeys(CredentialsConfig config) {
        this.keys = config.apiKeys().orElse(List.of()).stream()
                .filter(key -> !key.isBlank())
                .map(key -> key.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    public void require(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw Unauthorized.apiKey("an API key is required (header X-API-Key or query parameter key)");
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] key : keys) {
            known |= MessageDigest.isEqual(key, candidate);
        }
        if (!known) {
            throw Unauthorized.apiKey("unknown API key");
        }
    }
}
