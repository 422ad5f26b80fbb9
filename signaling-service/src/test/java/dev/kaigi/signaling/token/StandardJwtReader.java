package dev.kaigi.signaling.token;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads a token as a standard library does, under the credential service's rules: HS256, issuer, audience. */
final class StandardJwtReader {
    private StandardJwtReader() {
    }

    static JsonWebToken read(String token, String secret, String audience) throws Exception {
        JWTAuthContextInfo rules = new JWTAuthContextInfo();
        rules.setSecretVerificationKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        rules.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        rules.setIssuedBy(SessionTokens.ISSUER);
        rules.setExpectedAudience(Set.of(audience));
        return new DefaultJWTParser(rules).parse(token);
    }
}
