package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What nodes learn when a name changes hands: the snapshot's entry for it carries a new id and the new tenant, and
 * nothing the previous holder set (a forbid) applies to the new one. Unverified domains are served here, as on the
 * local stack, so names need no DNS.
 */
@MicronautTest(transactional = false)
class SnapshotIdentityTest extends ApiTestBase {

    private TestNode node;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.serve-unverified-domains", "true");
    }

    @BeforeAll
    void aNode() {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        node = TestNode.register(api, bootstrap, "203.0.113.9");
    }

    @Test
    void aNameRegisteredAgainHasANewIdAndNoneOfThePreviousHoldersForbids() {
        Api.Tenant a = api.signUp("First Holder");
        Api.Tenant b = api.signUp("Second Holder");
        String name = Api.uniqueName("push", "example.com");
        api.createDomain(a, name, "push", null);
        api.post("/v1/streams/" + name + "/live/cam/forbid", a.token(), null).expect(200);
        JsonNode before = snapshot();
        JsonNode first = domain(before, name);
        assertThat(first.get("id").asText()).isNotBlank();
        assertThat(first.get("tenantId").asText()).isEqualTo(a.id());
        assertThat(before.get("forbiddenStreams").toString()).contains(name);

        api.delete("/v1/domains/" + name, a.token()).expect(204);
        api.createDomain(b, name, "push", null);

        JsonNode after = snapshot();
        JsonNode second = domain(after, name);
        assertThat(second.get("id").asText()).isNotBlank().isNotEqualTo(first.get("id").asText());
        assertThat(second.get("tenantId").asText()).isEqualTo(b.id());
        assertThat(after.get("forbiddenStreams").toString()).doesNotContain(name);
    }

    private JsonNode snapshot() {
        return api.get(node.path("/config?version=0"), node.credential).expect(200).json();
    }

    private static JsonNode domain(JsonNode snapshot, String name) {
        for (JsonNode domain : snapshot.get("domains")) {
            if (domain.get("name").asText().equals(name)) {
                return domain;
            }
        }
        throw new AssertionError(name + " is not in the snapshot");
    }
}
