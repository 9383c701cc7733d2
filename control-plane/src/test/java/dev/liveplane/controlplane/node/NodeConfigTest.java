package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.PublicDns;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The config snapshot as a node long-polls it: what it holds (served domains with their keys opened, JWT keys,
 * forbidden streams, the HLS key), the same bytes for every node, 304 after a quiet wait, an immediate answer to a
 * node behind, and a change waking a waiting node within 2 seconds.
 */
@MicronautTest
class NodeConfigTest extends ApiTestBase {

    private static final Duration WAKE_LIMIT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newHttpClient();
    private TestNode node;
    private TestNode otherNode;
    private Api.Tenant tenant;
    private String push;
    private String pull;
    private String pending;

    @BeforeAll
    void aTenantWithDomainsAndTwoNodes() {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        node = TestNode.register(api, bootstrap, "203.0.113.1");
        otherNode = TestNode.register(api, bootstrap, "203.0.113.2");
        tenant = api.signUp("Snapshot Tenant");
        push = verified(api.createDomain(tenant, Api.uniqueName("push", PublicDns.ZONE), "push", null));
        pull = verified(api.createDomain(tenant, Api.uniqueName("play", PublicDns.ZONE), "pull", push));
        pending = api.createDomain(tenant, Api.uniqueName("pending", PublicDns.ZONE), "push", null).get("name")
                .asText();
    }

    @Test
    void theSnapshotHoldsServedDomainsWithTheirKeysOpened() throws JOSEException {
        String jwk = new ECKeyGenerator(Curve.P_256).keyID("k-" + UUID.randomUUID()).generate().toPublicJWK()
                .toJSONString();
        api.post("/v1/domains/" + pull + "/auth/jwt-keys", tenant.token(), Map.of("jwk", jwk)).expect(200);
        JsonNode auth = api.get("/v1/domains/" + push + "/auth", tenant.token()).expect(200).json();

        JsonNode snapshot = awaitSnapshot(s -> StreamSupport.stream(domain(s, pull).get("jwtKeys").spliterator(), false)
                .anyMatch(k -> k.asText().equals(jwk)));
        Api.Response response = config(node, "?version=" + (snapshot.get("version").asLong() - 1)).expect(200);

        assertThat(response.json()).isEqualTo(snapshot);
        assertThat(response.header("ETag")).isEqualTo("\"" + snapshot.get("version").asLong() + "\"");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(snapshot.get("hlsSessionSecret").asText()).isEqualTo(HLS_SESSION_SECRET);
        assertThat(snapshot.get("suspendedTenants")).isEmpty();
        assertThat(Instant.parse(snapshot.get("generatedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        JsonNode pushShown = domain(snapshot, push);
        assertThat(pushShown.get("tenantId").asText()).isEqualTo(tenant.id());
        assertThat(pushShown.get("type").asText()).isEqualTo("push");
        assertThat(pushShown.get("enabled").asBoolean()).isTrue();
        assertThat(pushShown.get("scheme").asText()).isEqualTo(auth.get("scheme").asText());
        assertThat(pushShown.get("validitySeconds").asLong()).isEqualTo(auth.get("validitySeconds").asLong());
        assertThat(pushShown.get("primaryKey").asText()).isEqualTo(auth.get("primaryKey").asText());
        assertThat(pushShown.get("secondaryKey").asText()).isEqualTo(auth.get("secondaryKey").asText());
        assertThat(pushShown.has("pushDomain")).isFalse();
        JsonNode pullShown = domain(snapshot, pull);
        assertThat(pullShown.get("pushDomain").asText()).isEqualTo(push);
        assertThat(pullShown.get("jwtKeys")).extracting(JsonNode::asText).contains(jwk);
        assertThat(domain(snapshot, pending)).as("a domain awaiting verification").isNull();
    }

    @Test
    void aDisabledDomainIsServedAsSuchEvenUnverified() {
        String disabled = api.createDomain(tenant, Api.uniqueName("off", PublicDns.ZONE), "push", null).get("name")
                .asText();
        api.call("PATCH", "/v1/domains/" + disabled, tenant.token(), Map.of("enabled", false,
                "ipDeny", List.of("198.51.100.0/24"))).expect(200);

        JsonNode shown = domain(awaitSnapshot(s -> domain(s, disabled) != null), disabled);

        assertThat(shown.get("enabled").asBoolean()).isFalse();
        assertThat(shown.get("ipDeny")).extracting(JsonNode::asText).containsExactly("198.51.100.0/24");
    }

    @Test
    void forbiddenStreamsAreServedUntilTheyExpire() throws SQLException {
        String now = "n" + UUID.randomUUID().toString().substring(0, 8);
        forbid("forever-" + now, null);
        forbid("later-" + now, Instant.now().plusSeconds(3600));
        forbid("over-" + now, Instant.now().minusSeconds(1));
        NodeFleetTest.sql("UPDATE config_version SET version = version + 1 WHERE id = 1");

        JsonNode forbidden = awaitSnapshot(s -> s.get("forbiddenStreams").toString().contains("forever-" + now))
                .get("forbiddenStreams");

        List<String> streams = StreamSupport.stream(forbidden.spliterator(), false)
                .map(f -> f.get("stream").asText()).toList();
        assertThat(streams).contains("forever-" + now, "later-" + now).doesNotContain("over-" + now);
        JsonNode later = StreamSupport.stream(forbidden.spliterator(), false)
                .filter(f -> f.get("stream").asText().equals("later-" + now)).findFirst().orElseThrow();
        assertThat(later.get("domain").asText()).isEqualTo(push);
        assertThat(later.get("app").asText()).isEqualTo("live");
        assertThat(later.has("until")).isTrue();
    }

    @Test
    void everyNodeGetsTheSameBytesOfAVersion() {
        long version = current();
        String first = config(node, "?version=" + (version - 1)).expect(200).body();
        String second = config(otherNode, "?version=" + (version - 1)).expect(200).body();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aNodeUpToDateWaitsThenHearsNotModified() {
        long version = current();

        Instant started = Instant.now();
        Api.Response quiet = config(node, "?version=" + version + "&waitSeconds=1");
        Duration waited = Duration.between(started, Instant.now());

        quiet.expect(304);
        assertThat(quiet.header("ETag")).isEqualTo("\"" + version + "\"");
        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        api.call("GET", node.path("/config?waitSeconds=1"), node.credential, null, "If-None-Match",
                "\"" + version + "\"").expect(304);
        config(node, "?version=" + version + "&waitSeconds=0").expect(304);
    }

    @Test
    void aNodeBehindIsAnsweredAtOnce() {
        long version = current();

        Instant started = Instant.now();
        Api.Response behind = config(node, "?version=" + (version - 1) + "&waitSeconds=30");
        Api.Response byTag = api.call("GET", node.path("/config?waitSeconds=30"), node.credential, null,
                "If-None-Match", "W/\"" + (version - 1) + "\"");

        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(2));
        assertThat(behind.expect(200).json().get("version").asLong()).isGreaterThanOrEqualTo(version);
        assertThat(byTag.expect(200).json().get("version").asLong()).isGreaterThanOrEqualTo(version);
    }

    @Test
    void badPollParametersAreRefused() {
        config(node, "?version=-1").expectProblem(400, "invalid-parameter");
        config(node, "?version=x").expect(400);
        config(node, "?waitSeconds=61").expectProblem(400, "invalid-parameter");
        api.call("GET", node.path("/config"), node.credential, null, "If-None-Match", "garbage")
                .expectProblem(400, "invalid-parameter");
    }

    @Test
    void disablingADomainWakesAWaitingNodeWithinTwoSeconds() {
        long version = current();
        CompletableFuture<HttpResponse<String>> poll = poll(node, version);

        Instant changed = Instant.now();
        api.call("PATCH", "/v1/domains/" + pull, tenant.token(), Map.of("enabled", false)).expect(200);
        HttpResponse<String> answer = poll.join();
        Duration took = Duration.between(changed, Instant.now());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(took).isLessThan(WAKE_LIMIT);
        JsonNode snapshot = json(answer.body());
        assertThat(snapshot.get("version").asLong()).isGreaterThan(version);
        assertThat(domain(snapshot, pull).get("enabled").asBoolean()).isFalse();
        api.call("PATCH", "/v1/domains/" + pull, tenant.token(), Map.of("enabled", true)).expect(200);
    }

    @Test
    void rotatingAKeyWakesAWaitingNodeWithTheNewKey() {
        long version = current();
        CompletableFuture<HttpResponse<String>> poll = poll(otherNode, version);

        Instant changed = Instant.now();
        String primary = api.post("/v1/domains/" + push + "/auth/rotate", tenant.token(), null).expect(200).json()
                .get("primaryKey").asText();
        HttpResponse<String> answer = poll.join();

        assertThat(Duration.between(changed, Instant.now())).isLessThan(WAKE_LIMIT);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(domain(json(answer.body()), push).get("primaryKey").asText()).isEqualTo(primary);
    }

    private CompletableFuture<HttpResponse<String>> poll(TestNode polling, long version) {
        URI uri = server.getURI().resolve(polling.path("/config?version=" + version + "&waitSeconds=30"));
        return http.sendAsync(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + polling.credential)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private Api.Response config(TestNode polling, String query) {
        return api.get(polling.path("/config" + query), polling.credential);
    }

    /**
     * The current version, once it has held for a second: a snapshot answered without a version may trail a change
     * committed within the last watcher tick, and a test that waits on a version must wait on the latest.
     */
    private long current() {
        long version = config(node, "").expect(200).json().get("version").asLong();
        Api.Response next;
        while ((next = config(node, "?version=" + version + "&waitSeconds=1")).status() == 200) {
            version = next.json().get("version").asLong();
        }
        next.expect(304);
        return version;
    }

    private JsonNode awaitSnapshot(Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode snapshot = config(node, "").expect(200).json();
        while (!condition.test(snapshot)) {
            assertThat(Instant.now()).as("no snapshot matched; the last: %s", snapshot).isBefore(deadline);
            Api.Response next = config(node, "?version=" + snapshot.get("version").asLong() + "&waitSeconds=2");
            if (next.status() == 200) {
                snapshot = next.json();
            }
        }
        return snapshot;
    }

    private void forbid(String stream, Instant until) throws SQLException {
        NodeFleetTest.sql("INSERT INTO forbidden_streams (id, tenant_id, domain, app, stream, until_at, reason,"
                + " created_at) VALUES (?, ?, ?, 'live', ?, ?, 'test', ?)", UUID.randomUUID().toString()
                .replace("-", "").substring(0, 26), tenant.id(), push, stream,
                until == null ? null : Timestamp.from(until), Timestamp.from(Instant.now()));
    }

    private String verified(JsonNode domain) {
        String name = domain.get("name").asText();
        PublicDns.server().putTxt(domain.get("ownership").get("recordName").asText(),
                domain.get("ownership").get("recordValue").asText());
        PublicDns.server().upsertCname(name, domain.get("cname").asText());
        JsonNode result = api.post("/v1/domains/" + name + "/verify", tenant.token(), null).expect(200).json();
        assertThat(result.get("verified").asBoolean()).as("verified %s", result).isTrue();
        return name;
    }

    private static JsonNode domain(JsonNode snapshot, String name) {
        for (JsonNode domain : snapshot.get("domains")) {
            if (domain.get("name").asText().equals(name)) {
                return domain;
            }
        }
        return null;
    }

    private static JsonNode json(String body) {
        try {
            return Api.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(body, e);
        }
    }
}
