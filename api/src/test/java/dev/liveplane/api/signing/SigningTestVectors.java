package dev.liveplane.api.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the published {@code signing-test-vectors.json}; shared with other modules' tests through the test-jar. */
public record SigningTestVectors(Duration clockSkew, String jwtTestPrivateKey, Map<String, Policy> policies,
        List<SignCase> sign, List<VerifyCase> verify) {

    public static final String RESOURCE = "/dev/liveplane/api/signing/signing-test-vectors.json";

    /** A named policy and the domain it belongs to. */
    public record Policy(String name, String domain, SigningPolicy policy) {
    }

    public record SignCase(String name, Policy policy, boolean secondaryKey, String url, long timestamp, String rand,
            String uid, String expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    public record VerifyCase(String name, Policy policy, StreamAction action, String url, long now, String clientIp,
            String expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    public static SigningTestVectors load() {
        try (InputStream in = SigningTestVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SigningTestVectors parse(JsonNode root) {
        Map<String, Policy> policies = new LinkedHashMap<>();
        root.get("policies").fields().forEachRemaining(entry -> {
            JsonNode p = entry.getValue();
            List<JwtPublicKey> jwtKeys = new ArrayList<>();
            p.path("jwtKeys").forEach(key -> jwtKeys.add(JwtPublicKey.parse(key.toString())));
            SigningPolicy policy = new SigningPolicy(SigningScheme.valueOf(p.get("scheme").asText()),
                    text(p, "primaryKey"), text(p, "secondaryKey"),
                    Duration.ofSeconds(p.get("validitySeconds").asLong()), jwtKeys);
            policies.put(entry.getKey(), new Policy(entry.getKey(), p.get("domain").asText(), policy));
        });
        List<SignCase> sign = new ArrayList<>();
        root.get("sign").forEach(c -> sign.add(new SignCase(c.get("name").asText(),
                policies.get(c.get("policy").asText()), c.get("key").asText().equals("secondary"),
                c.get("url").asText(), c.get("timestamp").asLong(), c.get("rand").asText(), c.get("uid").asText(),
                c.get("expected").asText())));
        List<VerifyCase> verify = new ArrayList<>();
        root.get("verify").forEach(c -> verify.add(new VerifyCase(c.get("name").asText(),
                policies.get(c.get("policy").asText()), StreamAction.valueOf(c.get("action").asText().toUpperCase()),
                c.get("url").asText(), c.get("now").asLong(), text(c, "clientIp"), c.get("expected").asText())));
        return new SigningTestVectors(Duration.ofSeconds(root.get("clockSkewSeconds").asLong()),
                root.get("jwtTestPrivateKey").toString(), policies, sign, verify);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
