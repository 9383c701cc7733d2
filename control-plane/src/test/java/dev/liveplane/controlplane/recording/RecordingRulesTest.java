package dev.liveplane.controlplane.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant sets, reads and deletes a push domain's recording rules: defaults for what it leaves out, a replace that
 * keeps nothing of the old rule, most general first, and the refusals a tenant can act on.
 */
@MicronautTest(transactional = false)
class RecordingRulesTest extends RecordingTestBase {

    @Test
    void aRuleTakesItsDefaultsAndAPutReplacesItWhole() {
        Api.Tenant tenant = api.signUp("Rules");
        Domain push = pushDomain(tenant);
        String rules = "/v1/domains/" + push.name() + "/recording";

        JsonNode defaults = api.call("PUT", rules + "/*/*", tenant.token(), Map.of()).expect(200).json();
        assertThat(defaults.get("domain").asText()).isEqualTo(push.name());
        assertThat(defaults.get("enabled").asBoolean()).isTrue();
        assertThat(defaults.get("policy").asText()).isEqualTo("auto");
        assertThat(defaults.get("formats").toString()).isEqualTo("[\"flv\"]");
        assertThat(defaults.get("cycleSeconds").asInt()).isEqualTo(3600);
        assertThat(defaults.get("hlsSegmentSeconds").asInt()).isEqualTo(6);
        assertThat(defaults.get("keyTemplate").asText()).isEqualTo("{domain}/{app}/{stream}/{start}_{seq}");
        assertThat(defaults.get("reconnectWindowSeconds").asInt()).isEqualTo(30);
        assertThat(defaults.get("thumbnailIntervalSeconds").asInt()).isZero();

        JsonNode stream = api.call("PUT", rules + "/live/cam1", tenant.token(), Map.of("policy", "manual",
                "formats", List.of("mp4", "hls"), "cycleSeconds", 900, "hlsSegmentSeconds", 2,
                "keyTemplate", "{domain}/{app}/{stream}/{start}-{end}", "reconnectWindowSeconds", 0,
                "thumbnailIntervalSeconds", 10, "enabled", false)).expect(200).json();
        assertThat(stream.get("formats").toString()).isEqualTo("[\"hls\",\"mp4\"]");
        api.call("PUT", rules + "/live/*", tenant.token(), Map.of("formats", List.of("hls"))).expect(200);
        JsonNode replaced = api.call("PUT", rules + "/live/cam1", tenant.token(), Map.of("cycleSeconds", 1800))
                .expect(200).json();
        assertThat(replaced.get("policy").asText()).as("left out, so back to its default").isEqualTo("auto");
        assertThat(replaced.get("enabled").asBoolean()).isTrue();
        assertThat(replaced.get("cycleSeconds").asInt()).isEqualTo(1800);

        JsonNode listed = api.get(rules, tenant.token()).expect(200).json().get("items");
        assertThat(listed).hasSize(3);
        assertThat(List.of(listed.get(0).get("app").asText() + "/" + listed.get(0).get("stream").asText(),
                listed.get(1).get("app").asText() + "/" + listed.get(1).get("stream").asText(),
                listed.get(2).get("app").asText() + "/" + listed.get(2).get("stream").asText()))
                .as("most general first").containsExactly("*/*", "live/*", "live/cam1");

        api.delete(rules + "/live/cam1", tenant.token()).expect(204);
        api.delete(rules + "/live/cam1", tenant.token()).expectProblem(404, "not-found");
        assertThat(api.get(rules, tenant.token()).expect(200).json().get("items")).hasSize(2);
    }

    @Test
    void whatARuleMayNotSayIsRefusedNamingTheField() {
        Api.Tenant tenant = api.signUp("Rule refusals");
        Domain push = pushDomain(tenant);
        String pull = api.createDomain(tenant, Api.uniqueName("play", "rec.example"), "pull", push.name())
                .get("name").asText();
        String rule = "/v1/domains/" + push.name() + "/recording/live/cam1";

        for (String template : List.of("{app}/{stream}/{start}", "{domain}/{app}/{stream}", "{domain}/{end}/{seq}",
                "{domain}/{app}/{bogus}_{seq}", "{domain}/{app}/{start", "{domain}//{start}", "{domain}/../{seq}",
                "{domain}/a b/{seq}")) {
            JsonNode problem = api.call("PUT", rule, tenant.token(), Map.of("keyTemplate", template))
                    .expectProblem(422, "validation-failed");
            assertThat(problem.get("errors").get(0).get("field").asText()).as(template).isEqualTo("keyTemplate");
        }
        api.call("PUT", rule, tenant.token(), Map.of("keyTemplate", "{domain}/vod/{app}-{stream}/{seq}-{end}"))
                .expect(200);

        JsonNode anyApp = api.call("PUT", "/v1/domains/" + push.name() + "/recording/*/cam1", tenant.token(),
                Map.of()).expectProblem(422, "validation-failed");
        assertThat(anyApp.get("errors").get(0).get("field").asText()).isEqualTo("stream");
        api.call("PUT", rule, tenant.token(), Map.of("cycleSeconds", 60)).expectProblem(422, "validation-failed");
        api.call("PUT", rule, tenant.token(), Map.of("formats", List.of())).expectProblem(422, "validation-failed");
        api.call("PUT", rule, tenant.token(), Map.of("formats", List.of("avi"))).expectProblem(400,
                "malformed-request");
        api.call("PUT", "/v1/domains/" + pull + "/recording/*/*", tenant.token(), Map.of())
                .expectProblem(422, "not-a-push-domain");
        api.get("/v1/domains/" + Api.uniqueName("none", "rec.example") + "/recording", tenant.token())
                .expectProblem(404, "not-found");
    }
}
