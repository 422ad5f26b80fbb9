package dev.kaigi.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests into fabric8's typed Kubernetes models and rejects any field the model does not
 * know. fabric8 keeps unknown fields in {@code additionalProperties} instead of failing, so every object is
 * walked and those maps must be empty: a misspelt {@code readinesProbe} fails here, not in the cluster.
 */
final class StrictModels {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "Service", Service.class, "Deployment", Deployment.class, "DaemonSet", DaemonSet.class,
            "Ingress", Ingress.class, "NetworkPolicy", NetworkPolicy.class,
            "PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
            "Certificate", CertManagerCertificate.class);

    private StrictModels() {
    }

    static List<HasMetadata> parse(String multiDocumentYaml) throws Exception {
        List<HasMetadata> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(multiDocumentYaml)) {
            for (JsonNode doc : (Iterable<JsonNode>) () -> {
                try {
                    return YAML.readValues(parser, JsonNode.class);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }) {
                if (doc == null || doc.isEmpty()) {
                    continue;
                }
                String kind = doc.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                assertTrue(type != null, "unexpected kind " + kind + " (add it to the checks)");
                HasMetadata object = YAML.treeToValue(doc, type);
                assertNoUnknownFields(object, kind + "/" + object.getMetadata().getName());
                objects.add(object);
            }
        }
        return objects;
    }

    static void assertNoUnknownFields(Object model, String path) throws Exception {
        if (model == null) {
            return;
        }
        if (model instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                assertNoUnknownFields(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (model instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                assertNoUnknownFields(entry.getValue(), path + "." + entry.getKey());
            }
            return;
        }
        if (!model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(model);
            if (getter.getName().equals("getAdditionalProperties")) {
                assertTrue(value == null || ((Map<?, ?>) value).isEmpty(),
                        "unknown field(s) " + (value == null ? "" : ((Map<?, ?>) value).keySet()) + " at " + path);
            } else {
                assertNoUnknownFields(value, path + "." + getter.getName().substring(3));
            }
        }
    }
}
