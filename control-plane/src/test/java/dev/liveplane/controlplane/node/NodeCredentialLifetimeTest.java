package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node credential the control plane has already accepted (and so remembers as proven) stops working when it
 * expires, and a copy of it with another signature never works, over HTTP as a node sees it. Credentials live 3 s
 * here, so that the test can outlive one.
 */
@MicronautTest(transactional = false)
class NodeCredentialLifetimeTest extends ApiTestBase {

    private String bootstrap;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.credential-lifetime", "3s", "liveplane.fleet.heartbeat-timeout", "1h");
    }

    @BeforeAll
    void setUp() {
        bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json().get("token")
                .asText();
    }

    @Test
    void anAcceptedCredentialIsRefusedOnceItExpires() throws InterruptedException {
        var answer = api.post("/internal/v1/nodes/register", bootstrap, Map.of("address", "127.0.9.1",
                "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        String nodeId = answer.get("nodeId").asText();
        String credential = answer.get("credential").asText();
        Instant expiresAt = Instant.parse(answer.get("expiresAt").asText());
        String config = "/internal/v1/nodes/" + nodeId + "/config?waitSeconds=0";

        api.get(config, credential).expect(200);
        api.get(config, credential).expect(200);
        while (!Instant.now().isAfter(expiresAt)) {
            Thread.sleep(100);
        }

        api.get(config, credential).expectProblem(401, "unauthorized");
    }

    @Test
    void aCopyOfAnAcceptedCredentialWithAnotherSignatureIsRefused() {
        var answer = api.post("/internal/v1/nodes/register", bootstrap, Map.of("address", "127.0.9.2",
                "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        String nodeId = answer.get("nodeId").asText();
        String credential = answer.get("credential").asText();
        String config = "/internal/v1/nodes/" + nodeId + "/config?waitSeconds=0";
        api.get(config, credential).expect(200);

        int signature = credential.lastIndexOf('.') + 1;
        char first = credential.charAt(signature);
        String forged = credential.substring(0, signature) + (first == 'A' ? 'B' : 'A')
                + credential.substring(signature + 1);
        assertThat(forged).isNotEqualTo(credential);

        api.get(config, forged).expectProblem(401, "unauthorized");
        api.get(config, credential).expect(200);
    }
}
