package dev.kaigi.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * cert-manager's {@code Certificate} (cert-manager.io/v1), the fields Kaigi uses, for strict parsing: fabric8 has
 * no cert-manager model here, and an unknown field must fail as it does for the core kinds.
 */
// Plain bean deserialization: HasMetadata's own deserializer would turn an unknown kind into a generic resource.
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class CertManagerCertificate implements HasMetadata {
    private String apiVersion;
    private ObjectMeta metadata;
    public Spec spec;

    public record Spec(String secretName, List<String> dnsNames, List<String> ipAddresses, IssuerRef issuerRef,
            PrivateKey privateKey, String duration, String renewBefore, List<String> usages) {
    }

    public record IssuerRef(String kind, String name, String group) {
    }

    public record PrivateKey(String algorithm, Integer size, String rotationPolicy, String encoding) {
    }

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @Override
    public String getKind() {
        return "Certificate";
    }

    public void setKind(String kind) {
        if (!"Certificate".equals(kind)) {
            throw new IllegalArgumentException(kind);
        }
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @JsonIgnore
    public Spec spec() {
        return spec;
    }
}
