package dev.liveplane.controlplane.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deployment without recording storage records nothing: rules are refused, saying why, and nodes hear of none. */
@MicronautTest(transactional = false)
class RecordingOffTest extends ApiTestBase {

    @Test
    void withoutStorageARuleIs422AndTheSnapshotHasNoRecording() {
        Api.Tenant tenant = api.signUp("No storage");
        String push = api.createDomain(tenant, Api.uniqueName("rec", "off.example"), "push", null).get("name")
                .asText();

        JsonNode problem = api.call("PUT", "/v1/domains/" + push + "/recording/*/*", tenant.token(), Map.of())
                .expectProblem(422, "recording-unavailable");
        assertThat(problem.get("detail").asText()).contains("no recording storage");
        assertThat(api.get("/v1/domains/" + push + "/recording", tenant.token()).expect(200).json().get("items"))
                .isEmpty();

        String token = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json().get("token")
                .asText();
        JsonNode node = api.post("/internal/v1/nodes/register", token, Map.of("address", "198.51.100.31",
                "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        JsonNode snapshot = api.get("/internal/v1/nodes/" + node.get("nodeId").asText() + "/config?waitSeconds=0",
                node.get("credential").asText()).expect(200).json();
        assertThat(snapshot.has("recording")).isFalse();
    }
}
