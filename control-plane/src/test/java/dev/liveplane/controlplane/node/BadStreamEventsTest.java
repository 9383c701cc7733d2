package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adversarial stream events from a node: values no column can hold, wrong JSON types, records the database refuses,
 * mixed with good events of two tenants. The good ones are recorded (online list, webhooks), each bad one is set
 * aside for the operator and named in the answer, and only a body that is no batch at all is refused whole.
 */
@MicronautTest(transactional = false)
class BadStreamEventsTest extends ApiTestBase {

    private static final String HOOKS = "http://127.0.0.1:9/hooks";

    private String bootstrap;

    @BeforeAll
    void mintToken() {
        bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json().get("token")
                .asText();
    }

    @Test
    void aPcmPublishAndBadRecordsAmongTwoTenantsEventsHoldNothingBack() {
        Api.Tenant a = api.signUp("Pcm Radio");
        Api.Tenant b = api.signUp("Other Tenant");
        String pushA = pushDomainWithHooks(a);
        String pushB = pushDomainWithHooks(b);
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.81");
        Map<String, Object> pcm = publish(pushA, "pcm");
        // What a node sent for FLV SoundFormat 3 before codec names were short: 24 characters, for a 16-wide column.
        pcm.put("audio", Map.of("codec", "linear_pcm_little_endian", "sampleRate", 44100, "channels", 1));
        Map<String, Object> longCodec = publish(pushB, "long");
        longCodec.put("video", Map.of("codec", "X".repeat(300), "width", 640, "height", 360));
        Map<String, Object> wrongType = publish(pushA, "wrong-type");
        wrongType.put("video", Map.of("codec", "h264", "width", "wide"));
        Map<String, Object> badTime = publish(pushB, "bad-time");
        badTime.put("at", "yesterday");
        Map<String, Object> farFuture = publish(pushA, "far-future");
        farFuture.put("at", "+12026-01-01T00:00:00Z");
        Map<String, Object> longName = publish(pushA, "n".repeat(500));
        Map<String, Object> trackAsText = publish(pushB, "track-text");
        trackAsText.put("audio", "aac");
        Map<String, Object> unknownType = publish(pushA, "paused");
        unknownType.put("type", "pause");

        List<Object> batch = List.of(publish(pushA, "a1"), pcm, longCodec, wrongType, badTime, farFuture, longName,
                publish(pushB, "b1"), trackAsText, unknownType, 42, publish(pushB, "b2"));
        JsonNode answer = api.post(node.path("/events"), node.credential, Map.of("events", batch)).expect(202)
                .json();

        assertThat(answer.get("accepted").asInt()).isEqualTo(5);
        assertThat(answer.get("rejected").findValuesAsText("index"))
                .containsExactly("3", "4", "5", "6", "8", "9", "10");
        assertThat(answer.get("rejected").get(0).get("id").asText()).isEqualTo(wrongType.get("id"));
        assertThat(answer.get("rejected").get(0).get("reason").asText()).contains("integer")
                .doesNotContain("\n");

        JsonNode onlineA = api.get("/v1/streams?domain=" + pushA, a.token()).expect(200).json().get("items");
        assertThat(onlineA.findValuesAsText("stream")).containsExactly("a1", "pcm");
        assertThat(onlineA.get(1).get("audio").get("codec").asText()).isEqualTo("pcm_s16le");
        JsonNode onlineB = api.get("/v1/streams?domain=" + pushB, b.token()).expect(200).json().get("items");
        assertThat(onlineB.findValuesAsText("stream")).containsExactly("b1", "b2", "long");
        assertThat(onlineB.get(2).get("video").get("codec").asText()).isEqualTo("x".repeat(16));

        assertThat(publishHooks(a, pushA)).containsExactly("publish", "publish");
        assertThat(publishHooks(b, pushB)).containsExactly("publish", "publish", "publish");

        JsonNode rejected = api.get("/admin/v1/nodes/" + node.id + "/rejected-events", OPERATOR_TOKEN).expect(200)
                .json();
        assertThat(rejected.get("total").asLong()).isEqualTo(7);
        assertThat(rejected.get("items")).hasSize(7);
        assertThat(rejected.get("items").findValuesAsText("record")).anySatisfy(r -> assertThat(r).contains("wide"))
                .anySatisfy(r -> assertThat(r).contains("yesterday")).contains("42");
        assertThat(rejected.get("items").findValuesAsText("nodeId")).containsOnly(node.id);
        api.get("/admin/v1/nodes/" + node.id + "/rejected-events", a.token()).expect(403);
        api.get("/admin/v1/nodes/nosuchnode/rejected-events", OPERATOR_TOKEN).expect(404);

        // The node sends its next batch as ever; the rejected events are not asked for again.
        JsonNode next = api.post(node.path("/events"), node.credential,
                Map.of("events", List.of(unpublish(pushA, "pcm")))).expect(202).json();
        assertThat(next.get("accepted").asInt()).isEqualTo(1);
        assertThat(next.get("rejected")).isEmpty();
        assertThat(api.get("/v1/streams?domain=" + pushA, a.token()).json().get("items").findValuesAsText("stream"))
                .containsExactly("a1");
    }

    @Test
    void aRecordTheDatabaseRefusesIsSplitOutOfItsBatchAndTheRestRecorded() {
        Api.Tenant tenant = api.signUp("Poisoned");
        String push = pushDomainWithHooks(tenant);
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.82");
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            batch.add(publish(push, (i == 6 ? "poison-" : "s") + i));
        }

        JsonNode answer = api.post(node.path("/events"), node.credential, Map.of("events", batch)).expect(202)
                .json();

        assertThat(answer.get("accepted").asInt()).isEqualTo(8);
        assertThat(answer.get("rejected").findValuesAsText("index")).containsExactly("6");
        assertThat(answer.get("rejected").get(0).get("reason").asText()).contains("Data too long");
        assertThat(api.get("/v1/streams?domain=" + push + "&pageSize=100", tenant.token()).json().get("items")
                .findValuesAsText("stream")).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s7", "s8");
        assertThat(publishHooks(tenant, push)).hasSize(8).containsOnly("publish");
        JsonNode kept = api.get("/admin/v1/nodes/" + node.id + "/rejected-events", OPERATOR_TOKEN).json();
        assertThat(kept.get("items").get(0).get("record").asText()).contains("poison-6");
    }

    @Test
    void aFailureAnyBatchWouldMeetIsA5xxAndRecordsNothingSoTheNodeSendsItAgain() {
        Api.Tenant tenant = api.signUp("Outage");
        String push = pushDomainWithHooks(tenant);
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.83");
        Map<String, Object> good = publish(push, "fine");

        api.post(node.path("/events"), node.credential, Map.of("events", List.of(good, publish(push, "outage-1"))))
                .expect(500);

        assertThat(api.get("/v1/streams?domain=" + push, tenant.token()).json().get("items")).isEmpty();
        assertThat(api.get("/admin/v1/nodes/" + node.id + "/rejected-events", OPERATOR_TOKEN).json().get("total")
                .asLong()).isZero();
        JsonNode again = api.post(node.path("/events"), node.credential, Map.of("events", List.of(good)))
                .expect(202).json();
        assertThat(again.get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void onlyABodyThatIsNoBatchIsRefusedWhole() {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.84");
        api.post(node.path("/events"), node.credential, List.of(1, 2)).expectProblem(400, "malformed-request");
        api.post(node.path("/events"), node.credential, Map.of("events", "none"))
                .expectProblem(400, "malformed-request");
        api.post(node.path("/events"), node.credential, Map.of("events", List.of()))
                .expectProblem(422, "validation-failed");
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("id", "x" + i));
        }
        api.post(node.path("/events"), node.credential, Map.of("events", tooMany))
                .expectProblem(422, "validation-failed");
    }

    private String pushDomainWithHooks(Api.Tenant tenant) {
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        api.call("PUT", "/v1/domains/" + push + "/callbacks", tenant.token(), Map.of("url", HOOKS)).expect(200);
        return push;
    }

    /** The publish webhooks enqueued for the domain (the delivery log does not show their bodies). */
    private List<String> publishHooks(Api.Tenant tenant, String domain) {
        List<String> events = new ArrayList<>();
        api.get("/v1/callbacks/deliveries?pageSize=100&domain=" + domain, tenant.token()).expect(200).json()
                .get("items").forEach(d -> events.add(d.get("event").asText()));
        return events;
    }

    private static Map<String, Object> publish(String domain, String stream) {
        Map<String, Object> event = new HashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("type", "publish");
        event.put("domain", domain);
        event.put("app", "live");
        event.put("stream", stream);
        event.put("at", Instant.now().toString());
        event.put("clientAddress", "198.51.100.9");
        event.put("video", Map.of("codec", "h264", "width", 1280, "height", 720));
        event.put("audio", Map.of("codec", "aac", "sampleRate", 44100, "channels", 2));
        return event;
    }

    private static Map<String, Object> unpublish(String domain, String stream) {
        return Map.of("id", UUID.randomUUID().toString(), "type", "unpublish", "domain", domain, "app", "live",
                "stream", stream, "at", Instant.now().toString(), "reason", "ended");
    }
}
