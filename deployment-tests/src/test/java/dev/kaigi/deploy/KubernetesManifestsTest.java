package dev.kaigi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Renders k8s/ with kubectl kustomize, exactly as `kubectl apply -k k8s/` would, and checks what comes out. */
class KubernetesManifestsTest {
    static Path dir;
    static List<HasMetadata> objects;

    @BeforeAll
    static void render() throws Exception {
        String kubectl = Project.require("kubectl", "apt-get install kubectl (or kubernetes-client)");
        dir = Project.copyWithSecrets("k8s/secrets.env", "k8s", "scripts");
        objects = StrictModels.parse(Project.run(dir, List.of(kubectl, "kustomize", dir.resolve("k8s").toString())));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            Project.deleteTree(dir);
        }
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static Container container(PodSpec pod) {
        assertEquals(1, pod.getContainers().size());
        return pod.getContainers().get(0);
    }

    private static SecretKeySelector secretRef(Container container, String env) {
        EnvVar var = container.getEnv().stream().filter(e -> e.getName().equals(env)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + env));
        assertNotNull(var.getValueFrom(), env + " must come from a Secret");
        return var.getValueFrom().getSecretKeyRef();
    }

    @Test
    void everyObjectLandsInTheKaigiNamespaceWithItsLabels() {
        for (HasMetadata object : objects) {
            if (object.getKind().equals("Namespace")) {
                continue;
            }
            assertEquals("kaigi", object.getMetadata().getNamespace(), object.getMetadata().getName());
            Map<String, String> labels = object.getMetadata().getLabels();
            if (!object.getKind().equals("ConfigMap") && !object.getKind().equals("Secret")) {
                assertNotNull(labels.get("app.kubernetes.io/name"), object.getMetadata().getName());
                assertNotNull(labels.get("app.kubernetes.io/component"), object.getMetadata().getName());
            }
            assertEquals("kaigi", labels.get("app.kubernetes.io/part-of"), object.getMetadata().getName());
        }
    }

    @Test
    void quarkusContainersProbeTheirManagementPortAndServeTheirHttpPort() throws Exception {
        for (String service : Project.SERVICES) {
            Properties config = Project.applicationProperties(service);
            Deployment deployment = one(Deployment.class, service);
            Container container = container(deployment.getSpec().getTemplate().getSpec());
            Map<String, Integer> ports = container.getPorts().stream()
                    .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
            assertEquals(Integer.valueOf(config.getProperty("quarkus.http.port")), ports.get("http"), service);
            assertEquals(Integer.valueOf(config.getProperty("quarkus.management.port")), ports.get("management"),
                    service);
            assertProbe(container.getReadinessProbe(), "/q/health/ready", service);
            assertProbe(container.getLivenessProbe(), "/q/health/live", service);
            assertEquals(deployment.getSpec().getTemplate().getMetadata().getLabels(),
                    Map.copyOf(deployment.getSpec().getTemplate().getMetadata().getLabels()));
            Service svc = one(Service.class, service);
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(), svc.getSpec().getSelector());
        }
    }

    @Test
    void aStartedPodIsProbedReadyWithinTwoSecondsSoRollingUpdatesDoNotWaitOnTheProbe() {
        for (String service : Project.SERVICES) {
            Probe readiness = container(one(Deployment.class, service).getSpec().getTemplate().getSpec())
                    .getReadinessProbe();
            assertTrue(readiness.getInitialDelaySeconds() == null || readiness.getInitialDelaySeconds() == 0,
                    service + ": the service is ready within about 2 s of its start; a delay only holds it back");
            assertNotNull(readiness.getPeriodSeconds(), service + ": Kubernetes' default period is 10 s");
            assertTrue(readiness.getPeriodSeconds() <= 2, service + ": readiness probed every "
                    + readiness.getPeriodSeconds() + " s");
        }
    }

    @Test
    void eachServiceMayStartOnTwoCpusWhileItsJvmAndEventLoopsAreSizedForOne() throws Exception {
        for (String service : Project.SERVICES) {
            List<String> jvm = List.of(Project.applicationProperties(service)
                    .getProperty("quarkus.jib.jvm-additional-arguments").split(","));
            assertTrue(jvm.contains("-XX:ActiveProcessorCount=1"),
                    service + ": the image must size the JVM for one CPU, not for the CPU limit: " + jvm);
            Container container = container(one(Deployment.class, service).getSpec().getTemplate().getSpec());
            assertEquals("1", envValue(container, "QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE"),
                    service + ": one event loop for the one CPU the JVM is sized for");
            BigDecimal cpuLimit = container.getResources().getLimits().get("cpu").getNumericalAmount();
            assertTrue(cpuLimit.compareTo(BigDecimal.valueOf(2)) >= 0, service + ": a CPU limit of " + cpuLimit
                    + " leaves the start's JIT compilers no CPU beside its main thread (docs/benchmarks.md)");
        }
    }

    private static void assertProbe(Probe probe, String path, String service) {
        assertNotNull(probe, service + " lacks a probe for " + path);
        assertEquals(path, probe.getHttpGet().getPath(), service);
        assertEquals("management", probe.getHttpGet().getPort().getStrVal(), service);
    }

    @Test
    void imagesMatchTheJibConfiguration() throws Exception {
        for (String service : Project.SERVICES) {
            Properties config = Project.applicationProperties(service);
            String expected = config.getProperty("quarkus.container-image.group") + "/"
                    + config.getProperty("quarkus.container-image.name") + ":" + Project.VERSION;
            assertEquals("${quarkus.application.version}", config.getProperty("quarkus.container-image.tag"));
            Container container = container(one(Deployment.class, service).getSpec().getTemplate().getSpec());
            assertEquals(expected, container.getImage(), service);
        }
    }

    @Test
    void coturnRunsOnTheHostNetworkFromTheSharedTemplate() {
        DaemonSet coturn = one(DaemonSet.class, "coturn");
        PodSpec pod = coturn.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostNetwork(), "coturn must use hostNetwork");
        assertEquals("ClusterFirstWithHostNet", pod.getDnsPolicy());
        Container container = container(pod);
        assertEquals(List.of("/bin/sh", "/etc/coturn/coturn-start.sh"), container.getCommand());
        var configMap = one(io.fabric8.kubernetes.api.model.ConfigMap.class,
                pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow()
                        .getConfigMap().getName());
        assertTrue(configMap.getData().get("turnserver.conf").contains("use-auth-secret"));
        assertTrue(configMap.getData().containsKey("coturn-start.sh"));
    }

    @Test
    void coturnServesTurnOverTlsOn443WithTheCertManagerCertificate() {
        PodSpec pod = one(DaemonSet.class, "coturn").getSpec().getTemplate().getSpec();
        Container coturn = container(pod);
        assertTrue(coturn.getPorts().stream().anyMatch(p -> p.getContainerPort() == 443 && "TCP".equals(p.getProtocol())),
                "TURN over TLS on 443/tcp");
        assertEquals("443", envValue(coturn, "KAIGI_TURN_TLS_PORT"));
        var tls = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst()
                .orElseThrow(() -> new AssertionError("no certificate volume"));
        var mount = coturn.getVolumeMounts().stream().filter(m -> m.getName().equals(tls.getName())).findFirst()
                .orElseThrow();
        assertEquals(mount.getMountPath() + "/tls.crt", envValue(coturn, "KAIGI_TURN_TLS_CERT"));
        assertEquals(mount.getMountPath() + "/tls.key", envValue(coturn, "KAIGI_TURN_TLS_KEY"));
        assertTrue(mount.getSubPath() == null, "a subPath mount never sees the renewed certificate");
        assertTrue(tls.getSecret().getOptional(), "coturn starts (UDP/TCP) before the first certificate is issued");
        CertManagerCertificate certificate = one(CertManagerCertificate.class, "kaigi-turn-tls");
        assertEquals("cert-manager.io/v1", certificate.getApiVersion());
        assertEquals(tls.getSecret().getSecretName(), certificate.spec().secretName());
        assertEquals("ClusterIssuer", certificate.spec().issuerRef().kind());
        // The name on the certificate is the host the credential service hands out in its turns: URI.
        Container credentials = container(one(Deployment.class, "turn-credential-service").getSpec().getTemplate()
                .getSpec());
        String turnHost = certificate.spec().dnsNames().get(0);
        String turns = java.util.Arrays.stream(configValue(credentials, "KAIGI_TURN_URIS").split(","))
                .filter(u -> u.startsWith("turns:")).findFirst().orElseThrow(() -> new AssertionError("no turns: URI"));
        assertEquals("turns:" + turnHost + ":443?transport=tcp", turns);
        // The same port over UDP (DTLS, which answers STUN too) is the second STUN endpoint.
        assertTrue(coturn.getPorts().stream().anyMatch(p -> p.getContainerPort() == 443 && "UDP".equals(p.getProtocol())),
                "443/udp");
        assertEquals("stun:" + turnHost + ":3478,stun:" + turnHost + ":443", configValue(credentials, "KAIGI_STUN_URIS"));
        // Binding 443 as a non-root user is not possible with added capabilities alone: uid 0 with only that one.
        assertEquals(0L, pod.getSecurityContext().getRunAsUser());
        assertEquals(List.of("NET_BIND_SERVICE"), coturn.getSecurityContext().getCapabilities().getAdd());
    }

    @Test
    void turnAndJoinTokenSecretsComeFromTheSameSecretKeys() {
        Container coturn = container(one(DaemonSet.class, "coturn").getSpec().getTemplate().getSpec());
        Container credentials = container(one(Deployment.class, "turn-credential-service").getSpec().getTemplate()
                .getSpec());
        Container signaling = container(one(Deployment.class, "signaling-service").getSpec().getTemplate().getSpec());
        SecretKeySelector turnForCoturn = secretRef(coturn, "KAIGI_TURN_SECRETS");
        assertEquals(turnForCoturn, secretRef(credentials, "KAIGI_TURN_SECRETS"));
        assertEquals(secretRef(signaling, "KAIGI_JOIN_TOKEN_SECRET"), secretRef(credentials, "KAIGI_JOIN_TOKEN_SECRET"));
        // The generated Secret exists under the (hash-suffixed) name the workloads reference, with those keys.
        var secret = one(io.fabric8.kubernetes.api.model.Secret.class, turnForCoturn.getName());
        for (String key : List.of("KAIGI_TURN_SECRETS", "KAIGI_JOIN_TOKEN_SECRET", "KAIGI_RESUME_SECRET",
                "KAIGI_API_KEYS", "KAIGI_REDIS_PASSWORD")) {
            assertTrue(secret.getData().containsKey(key), key);
        }
    }

    /** The value an env var takes from its ConfigMap key. */
    private static String configValue(Container container, String name) {
        var ref = container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name))
                .getValueFrom().getConfigMapKeyRef();
        return one(io.fabric8.kubernetes.api.model.ConfigMap.class, ref.getName()).getData().get(ref.getKey());
    }

    private static String envValue(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name)).getValue();
    }

    @Test
    void signalingRunsTwoReplicasInClusterModeThatSurviveRollsAndDrains() {
        Deployment signaling = one(Deployment.class, "signaling-service");
        assertEquals(2, signaling.getSpec().getReplicas());
        assertEquals("RollingUpdate", signaling.getSpec().getStrategy().getType());
        assertEquals(0, signaling.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        PodSpec pod = signaling.getSpec().getTemplate().getSpec();
        var spread = pod.getTopologySpreadConstraints().get(0);
        assertEquals("kubernetes.io/hostname", spread.getTopologyKey());
        assertEquals(signaling.getSpec().getSelector().getMatchLabels(), spread.getLabelSelector().getMatchLabels());
        var budget = one(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, "signaling-service");
        assertEquals(1, budget.getSpec().getMinAvailable().getIntVal());
        assertEquals(signaling.getSpec().getSelector().getMatchLabels(), budget.getSpec().getSelector().getMatchLabels());
        Container container = container(pod);
        assertEquals("redis", envValue(container, "KAIGI_REGISTRY"));
        assertEquals("70", envValue(container, "JAVA_MAX_MEM_RATIO"), "heap share of the memory limit (docs/benchmarks.md)");
        assertEquals("true", envValue(container, "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"),
                "per-address caps must see clients, not the ingress");
        Service redis = one(Service.class, "redis");
        assertEquals("redis://" + redis.getMetadata().getName() + ":" + redis.getSpec().getPorts().get(0).getPort(),
                envValue(container, "QUARKUS_REDIS_HOSTS"));
    }

    @Test
    void redisRequiresThePasswordSignalingUsesAndOnlySignalingReachesIt() {
        Container signaling = container(one(Deployment.class, "signaling-service").getSpec().getTemplate().getSpec());
        Deployment redis = one(Deployment.class, "redis");
        Container server = container(redis.getSpec().getTemplate().getSpec());
        assertTrue(server.getImage().startsWith("redis:7"), server.getImage());
        assertEquals(secretRef(signaling, "QUARKUS_REDIS_PASSWORD"), secretRef(server, "KAIGI_REDIS_PASSWORD"));
        List<String> args = server.getArgs();
        assertEquals("$(KAIGI_REDIS_PASSWORD)", args.get(args.indexOf("--requirepass") + 1));
        assertEquals("noeviction", args.get(args.indexOf("--maxmemory-policy") + 1));
        assertEquals(redis.getSpec().getSelector().getMatchLabels(), one(Service.class, "redis").getSpec().getSelector());

        NetworkPolicy ingress = one(NetworkPolicy.class, "redis");
        assertEquals(List.of("Ingress"), ingress.getSpec().getPolicyTypes());
        assertEquals(Map.of("app.kubernetes.io/name", "signaling-service"),
                ingress.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
        assertEquals(6379, ingress.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
        NetworkPolicy egress = one(NetworkPolicy.class, "signaling-to-redis");
        assertEquals(Map.of("app.kubernetes.io/name", "redis"),
                egress.getSpec().getEgress().get(0).getTo().get(0).getPodSelector().getMatchLabels());
    }

    @Test
    void everyContainerIsLockedDownAndSized() {
        for (HasMetadata object : objects) {
            PodSpec pod = object instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
                    : object instanceof DaemonSet ds ? ds.getSpec().getTemplate().getSpec() : null;
            if (pod == null) {
                continue;
            }
            String name = object.getMetadata().getName();
            // coturn alone runs as uid 0, to bind 443 with NET_BIND_SERVICE and no other capability (checked above).
            assertTrue(pod.getSecurityContext().getRunAsNonRoot() || name.equals("coturn"), name);
            assertFalse(pod.getAutomountServiceAccountToken(), name);
            for (Container c : pod.getContainers()) {
                assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation(), name);
                assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), name);
                assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), name);
                List<String> added = c.getSecurityContext().getCapabilities().getAdd();
                assertTrue(added == null || added.isEmpty() || (name.equals("coturn")
                        && added.equals(List.of("NET_BIND_SERVICE"))), name + " adds capabilities " + added);
                assertFalse(c.getResources().getRequests().isEmpty(), name + " has no requests");
                assertFalse(c.getResources().getLimits().isEmpty(), name + " has no limits");
                assertNotNull(c.getReadinessProbe(), name);
                assertNotNull(c.getLivenessProbe(), name);
            }
        }
    }

    @Test
    void ingressRoutesUiAndSocketsToSignalingAndApiToCredentialsWithTls() {
        Ingress ingress = one(Ingress.class, "kaigi");
        assertEquals("letsencrypt", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
        assertEquals("3600", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout"));
        assertFalse(ingress.getSpec().getTls().isEmpty());
        Map<String, IngressBackend> routes = ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .collect(Collectors.toMap(p -> p.getPath(), p -> p.getBackend()));
        assertEquals("signaling-service", routes.get("/").getService().getName());
        assertEquals("signaling-service", routes.get("/ws").getService().getName());
        assertEquals("turn-credential-service", routes.get("/api").getService().getName());
        for (IngressBackend backend : routes.values()) {
            assertEquals("http", backend.getService().getPort().getName(), "management ports are never routed");
        }
    }

    @Test
    void networkPoliciesDenyByDefaultAndAdmitOnlyTheAppPortsFromTheIngress() {
        NetworkPolicy deny = one(NetworkPolicy.class, "default-deny");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null
                || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        assertEquals(8080, one(NetworkPolicy.class, "signaling-service").getSpec().getIngress().get(0).getPorts()
                .get(0).getPort().getIntVal());
        assertEquals(8081, one(NetworkPolicy.class, "turn-credential-service").getSpec().getIngress().get(0)
                .getPorts().get(0).getPort().getIntVal());
    }

    @Test
    void strictParsingRejectsAMisspeltField() {
        String misspelt = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  selectr: {a: b}\n";
        AssertionError error = assertThrows(AssertionError.class, () -> StrictModels.parse(misspelt));
        assertTrue(error.getMessage().contains("selectr"), error.getMessage());
    }
}
