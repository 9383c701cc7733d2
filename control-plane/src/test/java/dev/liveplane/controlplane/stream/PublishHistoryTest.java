package dev.liveplane.controlplane.stream;

import static dev.liveplane.controlplane.NodeEvents.load;
import static dev.liveplane.controlplane.NodeEvents.publish;
import static dev.liveplane.controlplane.NodeEvents.unpublish;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/streams/history}: the tenant's publish sessions newest first, filtered and paged, with the peak
 * viewers the heartbeats saw on every node and the bytes of the usage buckets each session spans.
 */
@MicronautTest(transactional = false)
class PublishHistoryTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    @Inject
    TransactionOperations<Connection> transactions;

    NodeEvents nodes;

    @BeforeAll
    void nodes() {
        nodes = new NodeEvents(context);
    }

    @Test
    void aSessionCarriesItsPeakOverEveryNodeAndTheBytesOfItsBuckets() throws Exception {
        Api.Tenant tenant = api.signUp("History Peaks");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        String pull = api.createDomain(tenant, Api.uniqueName("play", "example.com"), "pull", push).get("name")
                .asText();
        String origin = NodeEvents.nodeId();
        String edge = NodeEvents.nodeId();
        nodes.report(origin, publish(push, "live", "s"));
        nodes.heartbeat(origin, load(push, "live", "s", 4));
        nodes.heartbeat(edge, load(push, "live", "s", 5)); // an edge relaying it: 9 at once
        nodes.heartbeat(origin, load(push, "live", "s", 1));
        Instant bucket = currentBucket();
        // Usage of this stream and of others: only the stream's ingest on the push domain and its plays on the
        // pull domain are its bytes; relays are nobody's egress.
        usage(tenant.id(), push, "s", "ingest", bucket, 1_000);
        usage(tenant.id(), pull, "s", "rtmp", bucket, 20_000);
        usage(tenant.id(), pull, "s", "hls", bucket, 3_000);
        usage(tenant.id(), push, "s", "relay", bucket, 50_000);
        usage(tenant.id(), pull, "other", "rtmp", bucket, 700_000);
        usage(tenant.id(), pull, "s", "rtmp", bucket.minusSeconds(3_600), 900_000); // before it started

        JsonNode live = only(api.get("/v1/streams/history", tenant.token()).expect(200).json());
        assertThat(live.get("peakViewers").asInt()).isEqualTo(9);
        assertThat(live.has("endedAt")).isFalse();
        assertThat(live.get("ingestBytes").asLong()).isEqualTo(1_000);
        assertThat(live.get("egressBytes").asLong()).isEqualTo(23_000);

        nodes.report(origin, unpublish(push, "live", "s", "ended"));
        nodes.heartbeat(edge, load(push, "live", "s", 30)); // after the end: not this session's
        JsonNode ended = only(api.get("/v1/streams/history?domain=" + push, tenant.token()).expect(200).json());
        assertThat(ended.get("peakViewers").asInt()).isEqualTo(9);
        assertThat(ended.get("endReason").asText()).isEqualTo("ended");
        assertThat(ended.get("nodeId").asText()).isEqualTo(origin);
        assertThat(ended.get("video").get("codec").asText()).isEqualTo("h264");
        assertThat(ended.get("audio").get("channels").asInt()).isEqualTo(2);
        assertThat(Instant.parse(ended.get("endedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(ended.get("startedAt").asText()));
        assertThat(ended.get("durationSeconds").asLong()).isBetween(0L, 60L);
    }

    @Test
    void sessionsComeNewestFirstInPagesAndFilterByStreamAndStart() throws Exception {
        Api.Tenant tenant = api.signUp("History Pages");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        String node = NodeEvents.nodeId();
        for (String stream : List.of("a", "b", "c")) {
            nodes.report(node, publish(push, "live", stream));
            Thread.sleep(5);
        }
        nodes.report(node, publish(push, "live", "a")); // a republish: a's first session closes
        JsonNode first = api.get("/v1/streams/history?pageSize=3", tenant.token()).expect(200).json();
        assertThat(first.get("items").findValuesAsText("stream")).containsExactly("a", "c", "b");
        JsonNode second = api.get("/v1/streams/history?pageSize=3&pageToken=" + first.get("nextPageToken").asText(),
                tenant.token()).expect(200).json();
        assertThat(second.get("items").findValuesAsText("stream")).containsExactly("a");
        assertThat(second.get("items").get(0).get("endReason").asText()).isEqualTo(PublishSessions.REPUBLISHED);
        assertThat(second.has("nextPageToken")).isFalse();

        assertThat(api.get("/v1/streams/history?app=live&stream=a", tenant.token()).expect(200).json().get("items"))
                .hasSize(2);
        String cStarted = first.get("items").get(1).get("startedAt").asText();
        assertThat(api.get("/v1/streams/history?since=" + cStarted, tenant.token()).expect(200).json()
                .get("items").findValuesAsText("stream")).containsExactly("a", "c");
        assertThat(api.get("/v1/streams/history?until=" + cStarted, tenant.token()).expect(200).json()
                .get("items").findValuesAsText("stream")).containsExactly("b", "a");
        api.get("/v1/streams/history?since=" + cStarted + "&until=" + cStarted, tenant.token())
                .expectProblem(400, "invalid-parameter");
        api.get("/v1/streams/history?pageToken=bm90LWEtdG9rZW4", tenant.token()).expectProblem(400,
                "invalid-page-token");
    }

    private static JsonNode only(JsonNode page) {
        assertThat(page.get("items")).hasSize(1);
        return page.get("items").get(0);
    }

    private static Instant currentBucket() {
        long now = Instant.now().getEpochSecond();
        return Instant.ofEpochSecond(now - now % 300);
    }

    /** A row of the 5-minute stream rollup, as the roller leaves it. */
    private void usage(String tenantId, String domain, String stream, String protocol, Instant bucket, long bytes) {
        transactions.executeWrite(status -> {
            try (PreparedStatement insert = status.getConnection().prepareStatement("INSERT INTO usage_stream_5m"
                    + " (tenant_id, domain, bucket_start, app, stream, protocol, bytes, viewer_seconds, peak_viewers)"
                    + " VALUES (?, ?, ?, 'live', ?, ?, ?, 0, 0)")) {
                insert.setString(1, tenantId);
                insert.setString(2, domain);
                insert.setObject(3, LocalDateTime.ofInstant(bucket, ZoneOffset.UTC));
                insert.setString(4, stream);
                insert.setString(5, protocol);
                insert.setLong(6, bytes);
                insert.executeUpdate();
            }
            return null;
        });
    }
}
