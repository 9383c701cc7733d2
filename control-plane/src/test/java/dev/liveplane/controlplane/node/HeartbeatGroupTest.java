package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats recorded together ({@link HeartbeatRecorder}), as nodes see them over HTTP. One writer thread, and a
 * first heartbeat that holds its transaction 300 ms ({@link SlowHeartbeats}), so the others queue behind it and are
 * recorded as one group: each node is still answered for its own heartbeat, its load is recorded, and a node deleted
 * meanwhile or whose heartbeat the database refuses fails alone.
 */
@MicronautTest
class HeartbeatGroupTest extends ApiTestBase {

    private static final int NODES = 40;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.heartbeat-timeout", "1h", "liveplane.fleet.heartbeat-writers", "1");
    }

    @Test
    void heartbeatsWaitingTogetherAreEachRecordedAndAnswered() throws Exception {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "group test"))
                .expect(201).json().get("token").asText();
        List<TestNode> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(TestNode.register(api, bootstrap, "192.0.2." + (10 + i)));
        }
        TestNode deleted = nodes.get(7);
        TestNode poisoned = nodes.get(21);
        // Deleted on another instance: this one's filter has not heard of it, the table has.
        NodeFleetTest.sql("UPDATE nodes SET revoked_at = ?, status = 'SILENT' WHERE id = ?",
                Timestamp.from(Instant.now()), deleted.id);

        ExecutorService senders = Executors.newFixedThreadPool(NODES);
        try {
            CompletableFuture<Api.Response> slow = CompletableFuture.supplyAsync(
                    () -> nodes.get(0).send(heartbeat("slow-first", 1)), senders);
            Thread.sleep(100); // the slow one holds the only writer; the rest queue behind it
            List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
            answers.add(slow);
            for (int i = 1; i < NODES; i++) {
                int viewers = i + 1;
                TestNode node = nodes.get(i);
                String stream = node == poisoned ? "poison-hb" : "s" + i;
                answers.add(CompletableFuture.supplyAsync(() -> node.send(heartbeat(stream, viewers)), senders));
            }
            for (int i = 0; i < NODES; i++) {
                Api.Response answer = answers.get(i).join();
                TestNode node = nodes.get(i);
                if (node == deleted) {
                    answer.expectProblem(410, "node-deleted");
                } else if (node == poisoned) {
                    assertThat(answer.status()).isEqualTo(500);
                } else {
                    assertThat(answer.expect(200).json().get("status").asText()).isEqualTo("HEALTHY");
                    JsonNode seen = api.get("/admin/v1/nodes/" + node.id, OPERATOR_TOKEN).expect(200).json();
                    assertThat(seen.get("viewers").asInt()).as("node %d's viewers", i).isEqualTo(i + 1);
                    assertThat(seen.get("configVersion").asLong()).isEqualTo(3L);
                }
            }
        } finally {
            senders.shutdownNow();
        }
        // The refused heartbeat wrote nothing: the node's row is as registered.
        JsonNode refused = api.get("/admin/v1/nodes/" + poisoned.id, OPERATOR_TOKEN).expect(200).json();
        assertThat(refused.get("viewers").asInt()).isZero();
    }

    private static NodeHeartbeat heartbeat(String stream, int viewers) {
        return new NodeHeartbeat().configVersion(3L).draining(false).streams(List.of(new StreamLoad()
                .domain("play.group.example").app("live").stream(stream).viewers(viewers).publishing(false)));
    }
}
