package dev.liveplane.controlplane.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.webhook.WebhookSignature;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.callback.Receiver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node reports finished files and given-up recordings: each file is indexed once however often its report is
 * sent, with its session, and fires {@code record_done} once, signed, to the domain's webhook; a failed recording
 * fires {@code record_failed}; a report the control plane cannot take is set aside on its own, naming why.
 */
@MicronautTest(transactional = false)
class RecordingReportsTest extends RecordingTestBase {

    @Override
    protected Map<String, String> more() {
        return Map.of("liveplane.callbacks.poll-interval", "100ms");
    }

    @Test
    void aFileReportedTwiceIsIndexedOnceAndAnnouncedOnce() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Reports");
            Domain push = pushDomain(tenant);
            String secret = api.call("PUT", "/v1/domains/" + push.name() + "/callbacks", tenant.token(),
                    Map.of("url", receiver.url(), "events", List.of("record_done", "record_failed"))).expect(200)
                    .json().get("secret").asText();
            String session = sessionId();
            Instant start = Instant.parse("2026-12-03T10:15:42Z");
            Map<String, Object> file = file(tenant, push, "live", "cam1", session, 0, "flv",
                    push.name() + "/live/cam1/20261203T101542Z_0.flv", start, 60);

            JsonNode first = report(recorder, List.of(file)).expect(202).json();
            JsonNode replay = report(recorder, List.of(file, file)).expect(202).json();

            assertThat(first.get("accepted").asInt()).isEqualTo(1);
            assertThat(replay.get("accepted").asInt()).as("a replay indexes nothing").isZero();
            assertThat(replay.get("rejected")).isEmpty();
            JsonNode listed = api.get("/v1/recordings?sessionId=" + session, tenant.token()).expect(200).json()
                    .get("items");
            assertThat(listed).hasSize(1);
            JsonNode recording = listed.get(0);
            assertThat(recording.get("key").asText()).isEqualTo(file.get("key"));
            assertThat(recording.get("video").get("codec").asText()).isEqualTo("h264");
            assertThat(recording.get("nodeId").asText()).isEqualTo(recorder.id());
            JsonNode session0 = api.get("/v1/recording-sessions/" + session, tenant.token()).expect(200).json();
            assertThat(session0.get("files").asInt()).isEqualTo(1);
            assertThat(Instant.parse(session0.get("startedAt").asText())).isEqualTo(start);
            assertThat(session0.has("playlistUrl")).as("no hls file").isFalse();

            Receiver.Received done = awaitOne(receiver, "record_done");
            assertThat(WebhookSignature.verify(secret, done.header(WebhookSignature.HEADER),
                    done.body().getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5),
                    Instant.now().getEpochSecond()).valid()).isTrue();
            JsonNode body = Api.JSON.readTree(done.body());
            assertThat(body.get("type").asText()).isEqualTo("record_done");
            assertThat(body.get("id").asText()).isEqualTo(done.header("Liveplane-Delivery"));
            JsonNode data = body.get("data");
            assertThat(data.get("id").asText()).isEqualTo(recording.get("id").asText());
            assertThat(data.get("sessionId").asText()).isEqualTo(session);
            assertThat(data.get("domain").asText()).isEqualTo(push.name());
            assertThat(data.get("format").asText()).isEqualTo("flv");
            assertThat(data.get("sequence").asInt()).isZero();
            assertThat(data.get("bytes").asLong()).isEqualTo(60_000);
            assertThat(data.get("durationMs").asLong()).isEqualTo(60_000);
            assertThat(Instant.parse(data.get("startedAt").asText())).isEqualTo(start);
            assertThat(Instant.parse(data.get("endedAt").asText())).isEqualTo(start.plusSeconds(60));
            assertThat(data.get("audio").get("sampleRate").asInt()).isEqualTo(48000);
            assertThat(data.has("downloadUrl")).isFalse();
            Thread.sleep(500);
            assertThat(receiver.received()).as("one delivery for the file").hasSize(1);
        }
    }

    @Test
    void aFailedRecordingFiresRecordFailed() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Failures");
            Domain push = pushDomain(tenant);
            api.call("PUT", "/v1/domains/" + push.name() + "/callbacks", tenant.token(), Map.of("url",
                    receiver.url())).expect(200);
            Instant gaveUp = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Map<String, Object> failed = new HashMap<>(Map.of("id", "f-1", "type", "failed", "tenantId",
                    tenant.id(), "domainId", push.id(), "domain", push.name(), "app", "live", "stream", "cam2",
                    "sessionId", "sess-failed-1", "startedAt", gaveUp.minusSeconds(600).toString(), "reason",
                    "spool budget of 2147483648 bytes spent while the bucket was unreachable"));
            failed.put("endedAt", gaveUp.toString());

            assertThat(report(recorder, List.of(failed)).expect(202).json().get("accepted").asInt()).isEqualTo(1);

            JsonNode body = Api.JSON.readTree(awaitOne(receiver, "record_failed").body());
            assertThat(body.get("type").asText()).isEqualTo("record_failed");
            JsonNode data = body.get("data");
            assertThat(data.get("stream").asText()).isEqualTo("cam2");
            assertThat(data.get("sessionId").asText()).isEqualTo("sess-failed-1");
            assertThat(data.get("nodeId").asText()).isEqualTo(recorder.id());
            assertThat(data.get("reason").asText()).contains("spool budget");
            assertThat(Instant.parse(data.get("at").asText())).isEqualTo(gaveUp);
            assertThat(api.get("/v1/recordings?stream=cam2", tenant.token()).expect(200).json().get("items"))
                    .as("a failure is no file").isEmpty();
        }
    }

    @Test
    void eachReportIsCheckedOnItsOwn() {
        Api.Tenant tenant = api.signUp("Checks");
        Api.Tenant other = api.signUp("Other");
        Domain push = pushDomain(tenant);
        Domain othersPush = pushDomain(other);
        String session = sessionId();
        Instant start = Instant.parse("2026-12-03T11:00:00Z");
        String prefix = push.name() + "/live/cam3/";
        Map<String, Object> good = file(tenant, push, "live", "cam3", session, 0, "mp4", prefix + "a.mp4", start, 10);
        Map<String, Object> wrongTenant = file(other, push, "live", "cam3", session, 1, "mp4", prefix + "b.mp4",
                start, 10);
        Map<String, Object> outsidePrefix = file(tenant, push, "live", "cam3", session, 2, "mp4",
                othersPush.name() + "/live/cam3/c.mp4", start, 10);
        Map<String, Object> wrongExtension = file(tenant, push, "live", "cam3", session, 3, "hls", prefix + "d.mp4",
                start, 10);
        Map<String, Object> noKey = file(tenant, push, "live", "cam3", session, 4, "mp4", prefix + "e.mp4", start,
                10);
        noKey.remove("key");
        Map<String, Object> badSchema = file(tenant, push, "live", "cam3", session, 5, "mp4", prefix + "f.mp4",
                start, 10);
        badSchema.put("bytes", -1);
        Map<String, Object> othersSession = file(tenant, push, "live", "cam4", session, 6, "mp4", prefix + "g.mp4",
                start, 10);

        JsonNode answer = report(recorder, List.of(good, wrongTenant, outsidePrefix, wrongExtension, noKey,
                badSchema, othersSession)).expect(202).json();

        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        Map<Integer, String> reasons = new HashMap<>();
        answer.get("rejected").forEach(r -> reasons.put(r.get("index").asInt(), r.get("reason").asText()));
        assertThat(reasons).containsOnlyKeys(1, 2, 3, 4, 5, 6);
        assertThat(reasons.get(1)).startsWith("tenantId:").contains("another tenant");
        assertThat(reasons.get(2)).startsWith("key:").contains("prefix");
        assertThat(reasons.get(3)).startsWith("key:").contains(".m3u8");
        assertThat(reasons.get(4)).contains("key");
        assertThat(reasons.get(5)).contains("bytes");
        assertThat(reasons.get(6)).startsWith("sessionId:");
        assertThat(api.get("/v1/recordings?sessionId=" + session, tenant.token()).expect(200).json().get("items"))
                .hasSize(1);
        assertThat(api.get("/v1/recordings", other.token()).expect(200).json().get("items")).isEmpty();
        api.post(recorder.reports(), recorder.credential(), Map.of("reports", List.of())).expectProblem(422,
                "validation-failed");
        api.post(recorder.reports(), recorder.credential(), Map.of("reports", "x")).expectProblem(400,
                "malformed-request");
    }

    private static Receiver.Received awaitOne(Receiver receiver, String event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Receiver.Received received : receiver.received()) {
                if (event.equals(received.header("Liveplane-Event"))) {
                    return received;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + event + " webhook within 15 s");
    }
}
