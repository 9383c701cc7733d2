package dev.liveplane.controlplane.callback;

import static dev.liveplane.controlplane.NodeEvents.publish;
import static dev.liveplane.controlplane.NodeEvents.unpublish;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class WebhookDeliveryTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    @Inject
    DeliveryRetention retention;

    NodeEvents nodes;

    @Override
    protected Map<String, String> overrides() {
        // Retries 50 ms apart at first (the real schedule times 1/200), so eight attempts take about 15 s.
        return Map.of("liveplane.callbacks.retry-base", "50ms", "liveplane.callbacks.poll-interval", "100ms",
                "liveplane.callbacks.connect-timeout", "1s", "liveplane.callbacks.request-timeout", "2s");
    }

    @BeforeAll
    void nodes() {
        nodes = new NodeEvents(context);
    }

    @Test
    void publishAndUnpublishArePostedSignedWithTheDomainsSecret() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Receiver");
            String push = pushDomain(tenant);
            String secret = setCallbacks(tenant, push, receiver.url(), List.of());
            String node = NodeEvents.nodeId();

            nodes.report(node, publish(push, "live", "cam1"));
            await(receiver, 1);
            nodes.report(node, unpublish(push, "live", "cam1", "ended"));
            await(receiver, 2);

            Receiver.Received published = receiver.received().get(0);
            verifySignature(published, secret);
            assertThat(published.header("Content-Type")).isEqualTo("application/json");
            assertThat(published.header("User-Agent")).isEqualTo("Liveplane-Webhooks/1");
            assertThat(published.header("Liveplane-Event")).isEqualTo("publish");
            JsonNode body = Api.JSON.readTree(published.body());
            assertThat(body.get("id").asText()).isEqualTo(published.header("Liveplane-Delivery"));
            assertThat(body.get("type").asText()).isEqualTo("publish");
            assertThat(Instant.parse(body.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(1));
            JsonNode data = body.get("data");
            assertThat(data.get("domain").asText()).isEqualTo(push);
            assertThat(data.get("app").asText()).isEqualTo("live");
            assertThat(data.get("stream").asText()).isEqualTo("cam1");
            assertThat(data.get("nodeId").asText()).isEqualTo(node);
            assertThat(data.get("clientAddress").asText()).isEqualTo("198.51.100.7");
            assertThat(data.get("video").get("codec").asText()).isEqualTo("h264");
            assertThat(data.get("audio").get("codec").asText()).isEqualTo("aac");
            assertThat(data.get("bitrateKbps").asInt()).isEqualTo(2500);
            assertThat(data.has("reason")).isFalse();
            assertThat(WebhookSpec.problems(published.body(), "PublishWebhook")).isEmpty();
            assertThat(WebhookSpec.problems(published.body().replace("\"type\":\"publish\"",
                    "\"type\":\"publish\",\"extra\":1"), "PublishWebhook")).as("a field the spec does not name")
                    .isNotEmpty();

            Receiver.Received unpublished = receiver.received().get(1);
            verifySignature(unpublished, secret);
            assertThat(unpublished.header("Liveplane-Event")).isEqualTo("unpublish");
            assertThat(Api.JSON.readTree(unpublished.body()).get("data").get("reason").asText()).isEqualTo("ended");
            assertThat(WebhookSpec.problems(unpublished.body(), "UnpublishWebhook")).isEmpty();

            JsonNode log = deliveries(tenant, push, d -> d.get("status").asText().equals("DELIVERED"), 2);
            assertThat(log.findValuesAsText("event")).containsExactly("unpublish", "publish");
            JsonNode first = log.get(1);
            assertThat(first.get("id").asText()).isEqualTo(published.header("Liveplane-Delivery"));
            assertThat(first.get("attempts").asInt()).isEqualTo(1);
            assertThat(first.get("lastStatusCode").asInt()).isEqualTo(200);
            assertThat(first.get("url").asText()).isEqualTo(receiver.url());
            assertThat(first.get("body").asText()).isEqualTo(published.body());
            assertThat(first.hasNonNull("deliveredAt")).isTrue();
            assertThat(first.has("nextAttemptAt")).isFalse();

            // Finished deliveries stay for the retention period (30 days).
            retention.forgetOld();
            assertThat(allDeliveries(tenant, push)).hasSize(2);
        }
    }

    @Test
    void aReceiverFailingTwiceGetsTheSameDeliveryAThirdTime() throws Exception {
        try (Receiver receiver = new Receiver(500, 503)) {
            Api.Tenant tenant = api.signUp("Flaky");
            String push = pushDomain(tenant);
            setCallbacks(tenant, push, receiver.url(), List.of());

            nodes.report(NodeEvents.nodeId(), publish(push, "live", "s"));

            JsonNode delivery = deliveries(tenant, push, d -> d.get("status").asText().equals("DELIVERED"), 1)
                    .get(0);
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
            assertThat(receiver.received()).hasSize(3);
            assertThat(receiver.received()).extracting(r -> r.header("Liveplane-Delivery"))
                    .containsOnly(delivery.get("id").asText());
        }
    }

    @Test
    void aDeadReceiverFailsTheDeliveryAfterEightAttempts() throws Exception {
        Api.Tenant tenant = api.signUp("Dead");
        String push = pushDomain(tenant);
        setCallbacks(tenant, push, "http://127.0.0.1:" + closedPort() + "/hooks", List.of());

        nodes.report(NodeEvents.nodeId(), publish(push, "live", "s"));

        JsonNode pending = deliveries(tenant, push, d -> d.get("attempts").asInt() >= 1, 1).get(0);
        assertThat(pending.get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.hasNonNull("nextAttemptAt")).isTrue();
        JsonNode failed = deliveries(tenant, push, d -> d.get("status").asText().equals("FAILED"), 1).get(0);
        assertThat(failed.get("attempts").asInt()).isEqualTo(8);
        assertThat(failed.has("lastStatusCode")).isFalse();
        assertThat(failed.get("lastError").asText()).contains("Connect");
        assertThat(failed.has("nextAttemptAt")).isFalse();
        assertThat(failed.has("deliveredAt")).isFalse();
    }

    @Test
    void aSlowReceiverDoesNotSlowRecordingEvents() throws Exception {
        try (Receiver receiver = new Receiver(Duration.ofSeconds(10))) {
            Api.Tenant tenant = api.signUp("Slow");
            String push = pushDomain(tenant);
            setCallbacks(tenant, push, receiver.url(), List.of());
            String node = NodeEvents.nodeId();

            long started = System.nanoTime();
            for (int batch = 0; batch < 20; batch++) {
                List<dev.liveplane.api.node.model.StreamEvent> events = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    events.add(publish(push, "live", "s" + batch + "-" + i));
                }
                nodes.report(node, events);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("200 events in 20 batches recorded").isLessThan(Duration.ofSeconds(2));
            assertThat(api.get("/v1/streams?pageSize=100", tenant.token()).json().get("nextPageToken")).isNotNull();
            assertThat(allDeliveries(tenant, push)).hasSize(200);
            api.delete("/v1/domains/" + push + "/callbacks", tenant.token()).expect(204);
        }
    }

    @Test
    void onlyTheChosenEventsAreSentAndALostNodeEndsItsStreamsWithReasonNodeLost() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Choosy");
            String push = pushDomain(tenant);
            setCallbacks(tenant, push, receiver.url(), List.of("unpublish"));
            String node = NodeEvents.nodeId();

            nodes.report(node, publish(push, "live", "a"));
            nodes.silenced(node);
            await(receiver, 1);

            JsonNode body = Api.JSON.readTree(receiver.received().get(0).body());
            assertThat(body.get("type").asText()).isEqualTo("unpublish");
            assertThat(body.get("data").get("reason").asText()).isEqualTo("node_lost");
            assertThat(body.get("data").get("stream").asText()).isEqualTo("a");
            assertThat(body.get("data").get("video").get("width").asInt()).isEqualTo(1280);
            assertThat(allDeliveries(tenant, null)).hasSize(1);
        }
    }

    @Test
    void theLogIsNewestFirstPagedAndFilteredByDomain() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Logger");
            String one = pushDomain(tenant);
            String two = pushDomain(tenant);
            setCallbacks(tenant, one, receiver.url(), List.of());
            setCallbacks(tenant, two, receiver.url(), List.of());
            String node = NodeEvents.nodeId();
            for (int i = 0; i < 3; i++) {
                nodes.report(node, publish(one, "live", "s" + i), publish(two, "live", "s" + i));
            }

            List<JsonNode> all = allDeliveries(tenant, null);
            assertThat(all).hasSize(6);
            for (int i = 1; i < all.size(); i++) {
                // As instants: the text drops trailing zeros of the fraction, so it does not sort as text.
                assertThat(Instant.parse(all.get(i).get("createdAt").asText()))
                        .isBeforeOrEqualTo(Instant.parse(all.get(i - 1).get("createdAt").asText()));
            }
            assertThat(allDeliveries(tenant, one)).extracting(d -> d.get("domain").asText()).containsOnly(one)
                    .hasSize(3);
            assertThat(allDeliveries(tenant, "nobody.example.net")).isEmpty();
        }
    }

    private String pushDomain(Api.Tenant tenant) {
        return api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name").asText();
    }

    private String setCallbacks(Api.Tenant tenant, String domain, String url, List<String> events) {
        return api.call("PUT", "/v1/domains/" + domain + "/callbacks", tenant.token(),
                events.isEmpty() ? Map.of("url", url) : Map.of("url", url, "events", events))
                .expect(200).json().get("secret").asText();
    }

    /** Checks the signature as a tenant's receiver would, with nothing from the service's code. */
    private static void verifySignature(Receiver.Received request, String secret) throws Exception {
        String header = request.header("Liveplane-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t))).isLessThan(300);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + request.body()).getBytes(StandardCharsets.UTF_8));
        assertThat(MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1))).as("signature matches").isTrue();
    }

    private static void await(Receiver receiver, int requests) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (receiver.received().size() < requests) {
            assertThat(System.nanoTime()).as("%d webhook requests arrived", requests).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Polls the log until {@code count} deliveries of the domain match, within 30 s. */
    private JsonNode deliveries(Api.Tenant tenant, String domain, Predicate<JsonNode> match, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode items = api.get("/v1/callbacks/deliveries?domain=" + domain, tenant.token()).expect(200).json()
                    .get("items");
            long matching = 0;
            for (JsonNode item : items) {
                matching += match.test(item) ? 1 : 0;
            }
            if (matching >= count) {
                return items;
            }
            assertThat(System.nanoTime()).as("deliveries reached the state; last seen %s", items)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private List<JsonNode> allDeliveries(Api.Tenant tenant, String domain) {
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.get("/v1/callbacks/deliveries?pageSize=7" + (domain == null ? "" : "&domain=" + domain)
                    + (token == null ? "" : "&pageToken=" + token), tenant.token()).expect(200).json();
            page.get("items").forEach(all::add);
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);
        return all;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
