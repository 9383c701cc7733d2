package dev.liveplane.controlplane.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant's standing as its money moves: {@code quota_low}, {@code suspended} and {@code resumed} reach its webhook
 * once per crossing (never again while the state holds), with bodies the spec describes, and a suspension reaches
 * the nodes' config snapshot and leaves it when a purchase lifts it.
 */
@MicronautTest(transactional = false)
class StandingWebhookTest extends ApiTestBase {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.callbacks.poll-interval", "100ms");
    }

    @Test
    void eachCrossingIsPostedOnceAndSuspensionReachesTheSnapshot() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Running out");
            String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                    .asText();
            api.call("PUT", "/v1/domains/" + push + "/callbacks", tenant.token(), Map.of("url", receiver.url(),
                    "events", List.of("quota_low", "suspended", "resumed"))).expect(200);
            String[] node = node();

            adjust(tenant, "credit", 5000);
            adjust(tenant, "debit", 4500);
            adjust(tenant, "debit", 100);
            awaitTypes(receiver, List.of("quota_low"));
            assertThat(suspended(node)).doesNotContain(tenant.id());

            adjust(tenant, "debit", 400);
            adjust(tenant, "debit", 10);
            awaitTypes(receiver, List.of("quota_low", "suspended"));
            awaitSnapshot(node, tenant.id(), true);
            assertThat(api.get("/v1/billing/account", tenant.token()).expect(200).json().get("suspended")
                    .asBoolean()).isTrue();

            String sku = api.post("/admin/v1/skus", OPERATOR_TOKEN, Map.of("name", "free 20 GiB", "sizeBytes",
                    20L << 30, "validityDays", 30, "priceMinor", 0)).expect(201).json().get("id").asText();
            api.post("/v1/billing/packages", tenant.token(), Map.of("skuId", sku)).expect(201);
            long bought = System.nanoTime();
            awaitTypes(receiver, List.of("quota_low", "suspended", "resumed"));
            awaitSnapshot(node, tenant.id(), false);
            assertThat(Duration.ofNanos(System.nanoTime() - bought)).as("resumed in the snapshot after the purchase")
                    .isLessThan(Duration.ofSeconds(2));

            Thread.sleep(500);
            assertThat(receiver.received()).as("no second delivery of a crossing").hasSize(3);
            Receiver.Received resumed = receiver.received().get(2);
            assertThat(resumed.header("Liveplane-Event")).isEqualTo("resumed");
            assertThat(WebhookSpec.problems(resumed.body(), "BillingWebhook")).isEmpty();
            JsonNode data = Api.JSON.readTree(resumed.body()).get("data");
            assertThat(data.get("tenantId").asText()).isEqualTo(tenant.id());
            assertThat(data.get("balanceMinor").asLong()).isEqualTo(-10);
            assertThat(data.get("packageBytesRemaining").asLong()).isEqualTo(20L << 30);
        }
    }

    private void adjust(Api.Tenant tenant, String kind, long amount) {
        api.post("/admin/v1/tenants/" + tenant.id() + "/balance-adjustments", OPERATOR_TOKEN, Map.of("kind", kind,
                "amountMinor", amount, "reason", "test")).expect(201);
    }

    /** A registered node's id and credential. */
    private String[] node() {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        JsonNode node = api.post("/internal/v1/nodes/register", bootstrap, Map.of("address", "198.51.100.40",
                "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        return new String[] {node.get("nodeId").asText(), node.get("credential").asText()};
    }

    /** The snapshot's suspended tenants as a node fetches it (no version: answered at once, newest). */
    private List<String> suspended(String[] node) {
        JsonNode snapshot = api.get("/internal/v1/nodes/" + node[0] + "/config", node[1]).expect(200).json();
        return Api.JSON.convertValue(snapshot.get("suspendedTenants"), List.class);
    }

    /** Polls the snapshot (rebuilt by the watcher within 200 ms of a change) until the tenant is in or out. */
    private void awaitSnapshot(String[] node, String tenantId, boolean suspended) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (suspended(node).contains(tenantId) != suspended) {
            assertThat(System.nanoTime()).as("tenant suspended=%s in the snapshot within 2 s", suspended)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitTypes(Receiver receiver, List<String> types) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (receiver.received().size() < types.size()) {
            assertThat(System.nanoTime()).as("%s posted", types).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(receiver.received().stream().map(r -> r.header("Liveplane-Event")).toList()).isEqualTo(types);
    }
}
