package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A node asking where a stream it was asked to play is published, to relay it from there. */
@MicronautTest
class StreamOriginTest extends ApiTestBase {

    @Test
    void theOriginIsTheNodeThatReportedThePublishUntilItUnpublishes() {
        Api.Tenant tenant = api.signUp("Origin");
        String push = api.createDomain(tenant, Api.uniqueName("push", "origin.example"), "push", null)
                .get("name").asText();
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        TestNode origin = TestNode.register(api, bootstrap, "192.0.2.81");
        TestNode edge = TestNode.register(api, bootstrap, "192.0.2.82");
        String stream = "s-" + UUID.randomUUID().toString().substring(0, 8);
        String route = "/internal/v1/streams/" + push + "/live/" + stream + "/origin";

        api.get(route, edge.credential).expectProblem(404, "not-found");
        report(origin, "publish", push, stream);
        JsonNode found = api.get(route, edge.credential).expect(200).json();
        assertThat(found.get("nodeId").asText()).isEqualTo(origin.id);
        assertThat(found.get("address").asText()).isEqualTo("192.0.2.81");
        assertThat(found.get("rtmpPort").asInt()).isEqualTo(1935);
        assertThat(found.get("httpPort").asInt()).isEqualTo(8081);
        assertThat(api.get("/internal/v1/streams/" + push.toUpperCase() + "/live/" + stream + "/origin",
                edge.credential).expect(200).json().get("nodeId").asText()).isEqualTo(origin.id);
        api.get("/internal/v1/streams/" + push + "/live/other/origin", edge.credential)
                .expectProblem(404, "not-found");

        report(origin, "unpublish", push, stream);
        api.get(route, edge.credential).expectProblem(404, "not-found");
    }

    @Test
    void aRevokedNodeIsNoOrigin() {
        Api.Tenant tenant = api.signUp("Revoked origin");
        String push = api.createDomain(tenant, Api.uniqueName("push", "origin.example"), "push", null)
                .get("name").asText();
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        TestNode origin = TestNode.register(api, bootstrap, "192.0.2.83");
        TestNode edge = TestNode.register(api, bootstrap, "192.0.2.84");
        report(origin, "publish", push, "live-one");
        String route = "/internal/v1/streams/" + push + "/live/live-one/origin";
        api.get(route, edge.credential).expect(200);

        api.delete("/admin/v1/nodes/" + origin.id, OPERATOR_TOKEN).expect(204);
        api.get(route, edge.credential).expectProblem(404, "not-found");
    }

    private void report(TestNode node, String type, String push, String stream) {
        api.post(node.path("/events"), node.credential, Map.of("events", List.of(Map.of("id",
                UUID.randomUUID().toString(), "type", type, "domain", push, "app", "live", "stream", stream,
                "at", "2030-01-01T00:00:00Z")))).expect(202);
    }
}
