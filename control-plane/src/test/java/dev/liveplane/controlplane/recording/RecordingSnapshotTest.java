package dev.liveplane.controlplane.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What nodes are told to record: the snapshot's {@code recording} carries the storage with its keys, every enabled
 * rule of the served push domains (with the domain's snapshot id) and the streams started by hand, and each change a
 * tenant makes moves the version a long-polling node waits on. Manual start is refused where no manual rule applies.
 */
@MicronautTest(transactional = false)
class RecordingSnapshotTest extends RecordingTestBase {

    @Test
    void theSnapshotCarriesTheStorageEnabledRulesAndManualRecordings() {
        Api.Tenant tenant = api.signUp("Snapshot");
        Domain push = pushDomain(tenant);
        String rules = "/v1/domains/" + push.name() + "/recording";

        long before = snapshot().get("version").asLong();
        api.call("PUT", rules + "/*/*", tenant.token(), Map.of("formats", List.of("hls", "mp4"),
                "thumbnailIntervalSeconds", 60)).expect(200);
        api.call("PUT", rules + "/studio/*", tenant.token(), Map.of("policy", "manual")).expect(200);
        api.call("PUT", rules + "/live/off", tenant.token(), Map.of("enabled", false)).expect(200);
        JsonNode after = changedSince(before);

        JsonNode storage = after.get("recording").get("storage");
        assertThat(storage.get("bucket").asText()).isEqualTo(BUCKET);
        assertThat(storage.get("endpoint").asText()).isEqualTo(this.storage.storage().orElseThrow().endpoint()
                .toString());
        assertThat(storage.get("pathStyle").asBoolean()).isTrue();
        assertThat(storage.get("accessKeyId").asText()).isEqualTo(KEY_ID);
        assertThat(storage.get("secretAccessKey").asText()).isEqualTo(SECRET);
        List<JsonNode> mine = rulesOf(after, push);
        assertThat(mine).extracting(r -> r.get("app").asText() + "/" + r.get("stream").asText())
                .as("the disabled rule is left out").containsExactlyInAnyOrder("*/*", "studio/*");
        JsonNode domainRule = mine.stream().filter(r -> r.get("app").asText().equals("*")).findFirst().orElseThrow();
        assertThat(domainRule.get("domainId").asText()).isEqualTo(push.id());
        assertThat(domainRule.get("formats").toString()).isEqualTo("[\"hls\",\"mp4\"]");
        assertThat(domainRule.get("thumbnailIntervalSeconds").asInt()).isEqualTo(60);
        assertThat(domainRule.get("keyTemplate").asText()).isEqualTo("{domain}/{app}/{stream}/{start}_{seq}");

        api.post("/v1/streams/" + push.name() + "/studio/desk/recording/start", tenant.token(), null).expect(200);
        JsonNode started = changedSince(after.get("version").asLong());
        assertThat(manualOf(started, push)).containsExactly("studio/desk");
        api.post("/v1/streams/" + push.name() + "/studio/desk/recording/stop", tenant.token(), null).expect(204);
        JsonNode stopped = changedSince(started.get("version").asLong());
        assertThat(manualOf(stopped, push)).isEmpty();

        api.delete(rules + "/studio/*", tenant.token()).expect(204);
        assertThat(rulesOf(changedSince(stopped.get("version").asLong()), push)).hasSize(1);
        api.call("PATCH", "/v1/domains/" + push.name(), tenant.token(), Map.of("enabled", false)).expect(200);
        assertThat(rulesOf(changedSince(stopped.get("version").asLong() + 1), push))
                .as("a disabled domain records nothing").isEmpty();
    }

    @Test
    void aLongPollingNodeHearsOfARuleWithinSeconds() {
        Api.Tenant tenant = api.signUp("Long poll");
        Domain push = pushDomain(tenant);
        long version = snapshot().get("version").asLong();
        Thread putter = new Thread(() -> {
            pause();
            api.call("PUT", "/v1/domains/" + push.name() + "/recording/*/*", tenant.token(), Map.of()).expect(200);
        });
        long started = System.nanoTime();
        putter.start();
        Api.Response answer = api.get("/internal/v1/nodes/" + recorder.id() + "/config?version=" + version
                + "&waitSeconds=30", recorder.credential()).expect(200);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the node heard").isLessThan(3000);
        assertThat(rulesOf(answer.json(), push)).hasSize(1);
    }

    @Test
    void manualStartNeedsAnEnabledManualRuleAndStopAlwaysSucceeds() {
        Api.Tenant tenant = api.signUp("Manual");
        Domain push = pushDomain(tenant);
        String rules = "/v1/domains/" + push.name() + "/recording";
        String start = "/v1/streams/" + push.name() + "/live/cam1/recording/start";

        api.post(start, tenant.token(), null).expectProblem(422, "no-manual-rule");
        api.call("PUT", rules + "/*/*", tenant.token(), Map.of("policy", "manual")).expect(200);
        api.call("PUT", rules + "/live/cam1", tenant.token(), Map.of()).expect(200);
        assertThat(api.post(start, tenant.token(), null).expectProblem(422, "no-manual-rule").get("detail").asText())
                .as("the stream's own rule is auto").contains("live/cam1");
        api.delete(rules + "/live/cam1", tenant.token()).expect(204);

        JsonNode first = api.post(start, tenant.token(), null).expect(200).json();
        assertThat(first.get("domain").asText()).isEqualTo(push.name());
        assertThat(first.get("stream").asText()).isEqualTo("cam1");
        JsonNode again = api.post(start, tenant.token(), null).expect(200).json();
        assertThat(again.get("startedAt").asText()).as("already started").isEqualTo(first.get("startedAt").asText());
        api.post("/v1/streams/" + push.name() + "/live/cam1/recording/stop", tenant.token(), null).expect(204);
        api.post("/v1/streams/" + push.name() + "/live/cam1/recording/stop", tenant.token(), null).expect(204);
        api.post("/v1/streams/" + Api.uniqueName("none", "rec.example") + "/live/cam1/recording/start",
                tenant.token(), null).expectProblem(404, "not-found");
    }

    /** The first snapshot after {@code version}, waiting for it as a node does. */
    private JsonNode changedSince(long version) {
        return api.get("/internal/v1/nodes/" + recorder.id() + "/config?version=" + version + "&waitSeconds=10",
                recorder.credential()).expect(200).json();
    }

    private static List<JsonNode> rulesOf(JsonNode snapshot, Domain domain) {
        List<JsonNode> rules = new ArrayList<>();
        snapshot.get("recording").get("rules").forEach(rule -> {
            if (rule.get("domain").asText().equals(domain.name())) {
                rules.add(rule);
            }
        });
        return rules;
    }

    private static List<String> manualOf(JsonNode snapshot, Domain domain) {
        List<String> streams = new ArrayList<>();
        snapshot.get("recording").get("manual").forEach(m -> {
            if (m.get("domain").asText().equals(domain.name())) {
                streams.add(m.get("app").asText() + "/" + m.get("stream").asText());
            }
        });
        return streams;
    }
}
