package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A flood of event calls, each holding its database connection a while (a slow database), against a small pool:
 * a tenant's change still answers at once and reaches a long-polling node within 2 s, because event recordings
 * may take only part of the pool; the flood's calls are each recorded or answered 503 to be sent again.
 */
@MicronautTest(transactional = false)
class EventFloodTest extends ApiTestBase {

    private static final int CALLS = 60;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("datasources.default.maximum-pool-size", "4", "liveplane.fleet.event-ingest-concurrency", "2");
    }

    @Test
    void aChangeReachesNodesWithinTwoSecondsWhileEventCallsFloodThePool() throws Exception {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.91");
        Api.Tenant tenant = api.signUp("Flooded");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        // The version once it has held for a second: the answer without one may trail the domain just created.
        long version = api.get(node.path("/config?waitSeconds=0"), node.credential).expect(200).json()
                .get("version").asLong();
        Api.Response newer;
        while ((newer = api.get(node.path("/config?version=" + version + "&waitSeconds=1"), node.credential))
                .status() == 200) {
            version = newer.json().get("version").asLong();
        }
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(HttpRequest.newBuilder(
                        server.getURI().resolve(node.path("/config?version=" + version + "&waitSeconds=30")))
                .header("Authorization", "Bearer " + node.credential).build(), HttpResponse.BodyHandlers.ofString());

        ExecutorService senders = Executors.newFixedThreadPool(CALLS);
        List<Future<Integer>> flood = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String stream = "slow-" + i;
            flood.add(senders.submit(() -> api.post(node.path("/events"), node.credential, Map.of("events",
                    List.of(Map.of("id", UUID.randomUUID().toString(), "type", "publish", "domain", push, "app",
                            "live", "stream", stream, "at", Instant.now().toString())))).status()));
        }
        Thread.sleep(500); // the flood holds the pool now

        Instant asked = Instant.now();
        api.post("/v1/streams/" + push + "/live/banned/forbid", tenant.token(), null).expect(200);
        Instant changed = Instant.now();
        HttpResponse<String> answer = poll.get(30, TimeUnit.SECONDS);
        Instant arrived = Instant.now();

        assertThat(Duration.between(asked, changed)).as("the tenant's forbid call").isLessThan(Duration.ofSeconds(2));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("banned");
        assertThat(Duration.between(changed, arrived)).as("the change reaching the node")
                .isLessThan(Duration.ofSeconds(2));
        for (Future<Integer> call : flood) {
            assertThat(call.get(60, TimeUnit.SECONDS)).isIn(202, 503);
        }
        senders.shutdown();
    }
}
