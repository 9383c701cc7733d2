package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
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
        JsonNode before = awaitSnapshot(s -> s.get("forbiddenStreams").toString().contains(name));
        JsonNode first = domain(before, name);
        assertThat(first.get("id").asText()).isNotBlank();
        assertThat(first.get("tenantId").asText()).isEqualTo(a.id());

        api.delete("/v1/domains/" + name, a.token()).expect(204);
        api.createDomain(b, name, "push", null);

        JsonNode after = awaitSnapshot(s -> domain(s, name) != null && domain(s, name).get("tenantId").asText()
                .equals(b.id()));
        JsonNode second = domain(after, name);
        assertThat(second.get("id").asText()).isNotBlank().isNotEqualTo(first.get("id").asText());
        assertThat(after.get("forbiddenStreams").toString()).doesNotContain(name);
    }

    /** The snapshot once it shows {@code ready}: each change reaches the served snapshot within a moment. */
    private JsonNode awaitSnapshot(Predicate<JsonNode> ready) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long version = 0;
        while (true) {
            Api.Response response = api.get(node.path("/config?version=" + version + "&waitSeconds=1"),
                    node.credential);
            if (response.status() == 200) {
                JsonNode snapshot = response.json();
                if (ready.test(snapshot)) {
                    return snapshot;
                }
                version = snapshot.get("version").asLong();
            }
            assertThat(System.nanoTime()).as("the snapshot to show the change").isLessThan(deadline);
        }
    }

    private static JsonNode domain(JsonNode snapshot, String name) {
        for (JsonNode domain : snapshot.get("domains")) {
            if (domain.get("name").asText().equals(name)) {
                return domain;
            }
        }
        return null;
    }
}
