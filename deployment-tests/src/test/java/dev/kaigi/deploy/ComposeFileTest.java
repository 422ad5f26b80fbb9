package dev.kaigi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `docker-compose config` (no engine needed) validates the file and resolves it with a generated .env. */
class ComposeFileTest {
    static Path dir;
    static JsonNode services;
    static Properties env = new Properties();

    @BeforeAll
    static void render() throws Exception {
        String compose = Project.require("docker-compose", "apt-get install docker-compose");
        dir = Project.copyWithSecrets(".env", "docker-compose.yml", "compose", "k8s", "scripts");
        try (var reader = Files.newBufferedReader(dir.resolve(".env"))) {
            env.load(reader);
        }
        String rendered = Project.run(dir, List.of(compose, "config"));
        services = new ObjectMapper(new YAMLFactory()).readTree(rendered).path("services");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            Project.deleteTree(dir);
        }
    }

    private static String envOf(String service, String name) {
        return services.path(service).path("environment").path(name).asText();
    }

    @Test
    void coturnUsesHostNetworkingAndTheSharedTemplateAndStartScript() {
        JsonNode coturn = services.path("coturn");
        assertEquals("host", coturn.path("network_mode").asText());
        String volumes = coturn.path("volumes").toString();
        assertTrue(volumes.contains("k8s/turnserver.conf"), volumes);
        assertTrue(volumes.contains("k8s/coturn-start.sh"), volumes);
    }

    @Test
    void secretsAreWiredFromTheEnvFileIdenticallyToEveryConsumer() {
        String turn = env.getProperty("KAIGI_TURN_SECRETS");
        String join = env.getProperty("KAIGI_JOIN_TOKEN_SECRET");
        assertFalse(turn.isBlank());
        assertEquals(turn, envOf("coturn", "KAIGI_TURN_SECRETS"));
        assertEquals(turn, envOf("turn-credential-service", "KAIGI_TURN_SECRETS"));
        assertEquals(join, envOf("signaling-service", "KAIGI_JOIN_TOKEN_SECRET"));
        assertEquals(join, envOf("turn-credential-service", "KAIGI_JOIN_TOKEN_SECRET"));
        assertEquals(env.getProperty("KAIGI_RESUME_SECRET"), envOf("signaling-service", "KAIGI_RESUME_SECRET"));
    }

    @Test
    void imagesMatchTheJibConfiguration() throws Exception {
        for (String service : Project.SERVICES) {
            Properties config = Project.applicationProperties(service);
            assertEquals(config.getProperty("quarkus.container-image.group") + "/"
                    + config.getProperty("quarkus.container-image.name") + ":" + Project.VERSION,
                    services.path(service).path("image").asText());
        }
    }

    @Test
    void clusterOverrideRunsTwoSignalingReplicasOnAPasswordProtectedRedisBehindCaddy() throws Exception {
        String compose = Project.require("docker-compose", "apt-get install docker-compose");
        JsonNode cluster = new ObjectMapper(new YAMLFactory()).readTree(Project.run(dir,
                List.of(compose, "-f", "docker-compose.yml", "-f", "compose/cluster.yml", "config"))).path("services");
        String password = env.getProperty("KAIGI_REDIS_PASSWORD");
        assertFalse(password.isBlank());
        for (String replica : List.of("signaling-service", "signaling-service-2")) {
            JsonNode environment = cluster.path(replica).path("environment");
            assertEquals("redis", environment.path("KAIGI_REGISTRY").asText(), replica);
            assertEquals("redis://redis:6379", environment.path("QUARKUS_REDIS_HOSTS").asText(), replica);
            assertEquals(password, environment.path("QUARKUS_REDIS_PASSWORD").asText(), replica);
            assertEquals(env.getProperty("KAIGI_RESUME_SECRET"), environment.path("KAIGI_RESUME_SECRET").asText(),
                    "replicas must share the resume secret: " + replica);
            assertEquals(services.path("signaling-service").path("image"), cluster.path(replica).path("image"));
        }
        String redisCommand = cluster.path("redis").path("command").toString();
        assertTrue(redisCommand.contains("\"--requirepass\",\"" + password + "\""), redisCommand);
        assertTrue(cluster.path("proxy").path("volumes").toString().contains("Caddyfile.cluster"));
        String caddyfile = Files.readString(Project.ROOT.resolve("compose/Caddyfile.cluster"));
        assertTrue(caddyfile.contains("reverse_proxy signaling-service:8080 signaling-service-2:8080"), caddyfile);
        assertTrue(caddyfile.contains("health_uri /q/health/ready"), caddyfile);
        assertTrue(services.path("signaling-service").path("environment").path("KAIGI_REGISTRY").isMissingNode(),
                "the default compose file stays one in-memory replica");
    }

    @Test
    void turnTlsOverrideServesTheMountedCertificateAndHandsOutTurnsUris() throws Exception {
        String compose = Project.require("docker-compose", "apt-get install docker-compose");
        Files.writeString(dir.resolve("tls.env"), Files.readString(dir.resolve(".env"))
                + "\nKAIGI_PUBLIC_HOST=turn.example.org\nKAIGI_TURN_TLS_DIR=/srv/turn-tls\n");
        JsonNode tls = new ObjectMapper(new YAMLFactory()).readTree(Project.run(dir, List.of(compose, "--env-file",
                "tls.env", "-f", "docker-compose.yml", "-f", "compose/turn-tls.yml", "config"))).path("services");
        JsonNode coturn = tls.path("coturn");
        assertEquals("/etc/coturn/tls/tls.crt", coturn.path("environment").path("KAIGI_TURN_TLS_CERT").asText());
        assertEquals("5349", coturn.path("environment").path("KAIGI_TURN_TLS_PORT").asText());
        assertTrue(coturn.path("volumes").toString().contains("/srv/turn-tls"), coturn.path("volumes").toString());
        assertEquals("[\"NET_BIND_SERVICE\"]", coturn.path("cap_add").toString());
        assertEquals("[\"ALL\"]", coturn.path("cap_drop").toString(), "every other capability stays dropped");
        String uris = tls.path("turn-credential-service").path("environment").path("KAIGI_TURN_URIS").asText();
        assertTrue(uris.contains("turns:turn.example.org:5349?transport=tcp"), uris);
        assertTrue(uris.contains("turn:turn.example.org:3478?transport=udp"), uris);
        assertEquals("stun:turn.example.org:3478,stun:turn.example.org:5349",
                tls.path("turn-credential-service").path("environment").path("KAIGI_STUN_URIS").asText(),
                "the TLS port as a second STUN endpoint");
    }

    @Test
    void oneOriginServesUiSocketsAndApi() throws Exception {
        assertTrue(services.path("proxy").path("ports").toString().contains("8080"));
        String caddyfile = Files.readString(Project.ROOT.resolve("compose/Caddyfile"));
        assertTrue(caddyfile.contains("handle /api/*") && caddyfile.contains("turn-credential-service:8081"));
        assertTrue(caddyfile.contains("signaling-service:8080"));
    }
}
