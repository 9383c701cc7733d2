package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.config.ConfigChangeLog;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The long poll of changes around the delta itself (whose exactness {@link ConfigDeltaExactnessTest} proves): 304
 * when nothing changed, 409 {@code config-changes-unavailable} for a version the log no longer covers or one newer
 * than any, a node's credential refused for another node, and the whole snapshot gzipped for a client that asks.
 */
@MicronautTest(transactional = false)
class ConfigChangesTest extends ApiTestBase {

    @Inject
    ConfigChangeLog log;

    private TestNode node;
    private TestNode other;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.serve-unverified-domains", "true");
    }

    @BeforeAll
    void nodes() {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        node = TestNode.register(api, bootstrap, "203.0.113.31");
        other = TestNode.register(api, bootstrap, "203.0.113.32");
    }

    @Test
    void nothingChangedDuringTheWaitIs304() {
        long version = snapshot().get("version").asLong();
        Api.Response answer = api.get(node.path("/config/changes?since=" + version + "&waitSeconds=1"),
                node.credential);
        assertThat(answer.status()).isEqualTo(304);
        assertThat(answer.header("ETag")).isEqualTo("\"" + version + "\"");
    }

    @Test
    void aChangeWakesTheWaitingPollWithOnlyThatChange() {
        Api.Tenant tenant = api.signUp("Changes Waker");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        long version = awaitSnapshotWith(push).get("version").asLong();
        Thread forbid = new Thread(() -> {
            sleep(500);
            api.post("/v1/streams/" + push + "/live/spam/forbid", tenant.token(), null).expect(200);
        });
        forbid.start();
        JsonNode delta = api.get(node.path("/config/changes?since=" + version + "&waitSeconds=10"),
                node.credential).expect(200).json();
        assertThat(delta.get("fromVersion").asLong()).isEqualTo(version);
        assertThat(delta.get("domains")).isEmpty();
        assertThat(delta.get("forbiddenStreams")).hasSize(1);
        assertThat(delta.get("forbiddenStreams").get(0).get("domain").asText()).isEqualTo(push);
        assertThat(delta.has("recording")).isFalse();
    }

    @Test
    void aVersionTheLogNoLongerCoversOrNeverReachedIs409() {
        Api.Tenant tenant = api.signUp("Changes Pruned");
        api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null);
        long old = log.window().version() - 1;
        api.get(node.path("/config/changes?since=" + old + "&waitSeconds=5"), node.credential).expect(200);

        log.prune(Instant.now().plusSeconds(60), 0);
        // A delta already computed for this version stays exact and is still served; a new version is not.
        long pruned = log.window().version();
        api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null);
        api.get(node.path("/config?version=" + pruned + "&waitSeconds=5"), node.credential).expect(200);
        JsonNode problem = api.get(node.path("/config/changes?since=" + old + "&waitSeconds=0"), node.credential)
                .expectProblem(409, "config-changes-unavailable");
        assertThat(problem.get("detail").asText()).contains("/config");

        long ahead = log.window().version() + 1000;
        api.get(node.path("/config/changes?since=" + ahead + "&waitSeconds=1"), node.credential)
                .expectProblem(409, "config-changes-unavailable");
    }

    @Test
    void aNodeCannotReadAnotherNodesChanges() {
        api.get(node.path("/config/changes?since=1&waitSeconds=0"), other.credential)
                .expectProblem(403, "forbidden");
    }

    @Test
    void theWholeSnapshotIsGzippedForAClientThatAsks() throws Exception {
        String plain = api.get(node.path("/config"), node.credential).expect(200).body();
        HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.getURI() + node.path("/config"))).header("Authorization", "Bearer "
                + node.credential).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonNode unzipped = Api.JSON.readTree(gunzip(gzipped.body()));
        assertThat(gzipped.body().length).isLessThan(unzipped.toString().length());
        assertThat(unzipped.get("version")).isEqualTo(Api.JSON.readTree(plain).get("version"));
        assertThat(unzipped.get("domains")).isEqualTo(Api.JSON.readTree(plain).get("domains"));
    }

    private JsonNode snapshot() {
        return api.get(node.path("/config"), node.credential).expect(200).json();
    }

    private JsonNode awaitSnapshotWith(String name) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode snapshot = snapshot();
            if (snapshot.get("domains").toString().contains(name)) {
                return snapshot;
            }
            assertThat(System.nanoTime()).as("the snapshot to list %s", name).isLessThan(deadline);
            sleep(100);
        }
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
