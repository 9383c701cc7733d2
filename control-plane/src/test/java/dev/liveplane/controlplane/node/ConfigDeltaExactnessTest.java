package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.PublicDns;
import dev.liveplane.controlplane.recording.LocalBucket;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof that deltas are exact: every kind of change a node enforces, made through the public API, and after each
 * the delta since the previous version, applied to the previous snapshot as a node applies it, gives the snapshot of
 * the new version (and so does the delta from the first version, applied to the first snapshot, at the end). A bump
 * whose change is not logged leaves the delta short and fails here. Unverified domains are not served (the default),
 * so verifying one is a change; recording runs into the embedded store so its section is there.
 */
@MicronautTest(transactional = false)
class ConfigDeltaExactnessTest extends ApiTestBase {

    private TestNode node;
    private JsonNode held;

    @Override
    protected Map<String, String> overrides() {
        Map<String, String> properties = new HashMap<>(LocalBucket.properties());
        properties.put("liveplane.fleet.serve-unverified-domains", "false");
        return properties;
    }

    @BeforeAll
    void aNode() {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        node = TestNode.register(api, bootstrap, "203.0.113.21");
    }

    @Test
    void eachChangeFoldedOntoThePreviousSnapshotGivesTheNextOne() throws Exception {
        Api.Tenant tenant = api.signUp("Delta Exactness");
        held = api.get(node.path("/config"), node.credential).expect(200).json();
        JsonNode first = held;

        JsonNode pushDomain = api.createDomain(tenant, Api.uniqueName("push", PublicDns.ZONE), "push", null);
        String push = pushDomain.get("name").asText();
        step("push domain added, unverified");
        verify(tenant, pushDomain);
        step("push domain verified");
        JsonNode pullDomain = api.createDomain(tenant, Api.uniqueName("play", PublicDns.ZONE), "pull", push);
        String pull = pullDomain.get("name").asText();
        step("pull domain bound to the push domain added");
        verify(tenant, pullDomain);
        step("pull domain verified");

        patch(tenant, push, Map.of("enabled", false));
        step("push domain disabled");
        patch(tenant, push, Map.of("enabled", true));
        step("push domain enabled");
        patch(tenant, pull, Map.of("refererAllow", List.of("*.example.com"), "ipDeny", List.of("192.0.2.0/24")));
        step("referer and IP lists set");

        api.post("/v1/domains/" + push + "/auth/rotate", tenant.token(), null).expect(200);
        step("signing key rotated");
        api.call("PUT", "/v1/domains/" + push + "/auth", tenant.token(), Map.of("scheme", "TX")).expect(200);
        step("signing scheme changed");
        String jwk = new ECKeyGenerator(Curve.P_256).keyID("delta").generate().toPublicJWK().toJSONString();
        api.post("/v1/domains/" + pull + "/auth/jwt-keys", tenant.token(), Map.of("jwk", jwk)).expect(200);
        step("JWT key added");
        api.delete("/v1/domains/" + pull + "/auth/jwt-keys/delta", tenant.token()).expect(204);
        step("JWT key removed");

        api.post("/v1/streams/" + push + "/live/spam/forbid", tenant.token(), null).expect(200);
        step("stream forbidden");
        String until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        api.post("/v1/streams/" + push + "/live/later/forbid", tenant.token(), Map.of("until", until)).expect(200);
        step("stream forbidden until a time");
        String later = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        api.post("/v1/streams/" + push + "/live/later/forbid", tenant.token(), Map.of("until", later)).expect(200);
        step("forbid's until moved");
        api.post("/v1/streams/" + push + "/live/spam/resume", tenant.token(), null).expect(204);
        step("stream resumed");

        String key = api.post("/v1/domains/" + push + "/stream-keys", tenant.token(), Map.of("app", "live",
                "stream", "obs")).expect(201).json().get("id").asText();
        step("stream key created");
        String rotated = api.post("/v1/domains/" + push + "/stream-keys/" + key + "/rotate", tenant.token(), null)
                .expect(201).json().get("id").asText();
        step("stream key rotated");
        api.delete("/v1/domains/" + push + "/stream-keys/" + rotated, tenant.token()).expect(204);
        step("stream key revoked");

        String rule = "/v1/domains/" + push + "/recording/live/*";
        api.call("PUT", rule, tenant.token(), Map.of()).expect(200);
        step("recording rule added");
        api.call("PUT", rule, tenant.token(), Map.of("policy", "manual")).expect(200);
        step("recording rule changed");
        api.post("/v1/streams/" + push + "/live/show/recording/start", tenant.token(), null).expect(200);
        step("manual recording started");
        api.post("/v1/streams/" + push + "/live/show/recording/stop", tenant.token(), null).expect(204);
        step("manual recording stopped");
        api.delete(rule, tenant.token()).expect(204);
        step("recording rule deleted");

        adjust(tenant, "credit", 100);
        adjust(tenant, "debit", 100);
        step("tenant suspended by billing");
        adjust(tenant, "credit", 50);
        step("tenant's suspension ended");

        Api.Tenant other = api.signUp("Delta Other Tenant");
        verify(other, api.createDomain(other, Api.uniqueName("push", PublicDns.ZONE), "push", null));
        step("another tenant's domain added and verified");

        api.post("/v1/streams/" + push + "/live/kept/forbid", tenant.token(), null).expect(200);
        api.post("/v1/domains/" + push + "/stream-keys", tenant.token(), Map.of("app", "live", "stream", "kept"))
                .expect(201);
        api.call("PUT", rule, tenant.token(), Map.of()).expect(200);
        step("forbid, stream key and rule on the push domain");
        api.delete("/v1/domains/" + pull, tenant.token()).expect(204);
        step("pull domain deleted");
        api.delete("/v1/domains/" + push, tenant.token()).expect(204);
        step("push domain deleted with its forbid, stream key and rule");

        JsonNode all = changesSince(first.get("version").asLong());
        assertThat(SnapshotFold.comparable(SnapshotFold.apply(first, all)))
                .as("the delta from the first version applied to the first snapshot")
                .isEqualTo(SnapshotFold.comparable(held));
    }

    /** After a change: the version moved, and the delta folded onto the held snapshot is the new snapshot. */
    private void step(String change) {
        long from = held.get("version").asLong();
        Api.Response answer = api.get(node.path("/config?version=" + from + "&waitSeconds=5"), node.credential);
        assertThat(answer.status()).as("%s moves the config version", change).isEqualTo(200);
        JsonNode snapshot = answer.json();
        JsonNode delta = changesSince(from);
        assertThat(delta.get("version").asLong()).as("%s: the delta leads to the snapshot's version", change)
                .isEqualTo(snapshot.get("version").asLong());
        assertThat(SnapshotFold.comparable(SnapshotFold.apply(held, delta))).as("%s, folded", change)
                .isEqualTo(SnapshotFold.comparable(snapshot));
        held = snapshot;
    }

    private JsonNode changesSince(long since) {
        Api.Response answer = api.get(node.path("/config/changes?since=" + since + "&waitSeconds=5"),
                node.credential).expect(200);
        JsonNode delta = answer.json();
        assertThat(answer.header("ETag")).isEqualTo("\"" + delta.get("version").asLong() + "\"");
        assertThat(delta.get("fromVersion").asLong()).isEqualTo(since);
        return delta;
    }

    private void verify(Api.Tenant tenant, JsonNode domain) {
        String name = domain.get("name").asText();
        PublicDns.server().putTxt(domain.get("ownership").get("recordName").asText(),
                domain.get("ownership").get("recordValue").asText());
        PublicDns.server().upsertCname(name, domain.get("cname").asText());
        JsonNode result = api.post("/v1/domains/" + name + "/verify", tenant.token(), null).expect(200).json();
        assertThat(result.get("verified").asBoolean()).as("verified %s", result).isTrue();
    }

    private void patch(Api.Tenant tenant, String domain, Map<String, Object> change) {
        api.call("PATCH", "/v1/domains/" + domain, tenant.token(), change).expect(200);
    }

    private void adjust(Api.Tenant tenant, String kind, long amount) {
        api.post("/admin/v1/tenants/" + tenant.id() + "/balance-adjustments", OPERATOR_TOKEN, Map.of("kind", kind,
                "amountMinor", amount, "reason", "delta test")).expect(201);
    }
}
