package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventBatch;
import dev.liveplane.api.node.model.StreamEventType;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stream events as nodes report them: each recorded once, published in the node's order, at the rate nodes need. */
@MicronautTest
class NodeStreamEventsTest extends ApiTestBase {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStreamEventsTest.class);

    @Inject
    FleetEvents events;

    private String bootstrap;

    @BeforeAll
    void mintToken() {
        bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json().get("token")
                .asText();
    }

    @Test
    void repeatsAreRecordedOnceAndListenersSeeTheNodesOrder() {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.71");

        int first = accepted(node, List.of(event("e1", "publish"), event("e2", "unpublish"), event("e1", "publish"),
                event("e3", "publish")));
        int again = accepted(node, List.of(event("e2", "unpublish"), event("e3", "publish"), event("e4",
                "unpublish")));
        int repeat = accepted(node, List.of(event("e4", "unpublish")));

        assertThat(List.of(first, again, repeat)).containsExactly(3, 1, 0);
        assertThat(published(node)).containsExactly(List.of("e1", "e2", "e3"), List.of("e4"));
        StreamEvent e2 = events.reported.stream().filter(r -> r.nodeId().equals(node.id))
                .flatMap(r -> r.events().stream()).filter(e -> e.getId().equals("e2")).findFirst().orElseThrow();
        assertThat(e2.getType().getValue()).isEqualTo("unpublish");
        assertThat(e2.getReason()).isEqualTo("ended");
    }

    @Test
    void eventIdsArePerNode() {
        TestNode one = TestNode.register(api, bootstrap, "192.0.2.72");
        TestNode two = TestNode.register(api, bootstrap, "192.0.2.73");

        assertThat(accepted(one, List.of(event("same", "publish")))).isEqualTo(1);
        assertThat(accepted(two, List.of(event("same", "publish")))).isEqualTo(1);
    }

    @Test
    void idsCompareExactly() {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.76");

        assertThat(accepted(node, List.of(event("id-a", "publish"), event("ID-A", "publish"),
                event("id-a ", "publish")))).isEqualTo(3);
        assertThat(accepted(node, List.of(event("ID-A", "publish")))).isZero();
    }

    @Test
    void aThousandEventsASecondAreRecorded() throws Exception {
        TestNode[] nodes = {TestNode.register(api, bootstrap, "192.0.2.74"),
            TestNode.register(api, bootstrap, "192.0.2.75")};
        int batches = 20;
        int perBatch = 250;
        // Warm up the route, as a running service would be.
        accepted(nodes[0], List.of(event("warm-up", "publish")));

        ExecutorService senders = Executors.newFixedThreadPool(nodes.length);
        long started = System.nanoTime();
        List<Future<Integer>> sent = new ArrayList<>();
        for (TestNode node : nodes) {
            sent.add(senders.submit(() -> {
                int total = 0;
                for (int b = 0; b < batches; b++) {
                    List<StreamEvent> batch = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                        batch.add(event("load-" + b + "-" + i, i % 2 == 0 ? "publish" : "unpublish"));
                    }
                    total += accepted(node, batch);
                }
                return total;
            }));
        }
        int total = 0;
        for (Future<Integer> future : sent) {
            total += future.get();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        senders.shutdown();

        double perSecond = total / (took.toMillis() / 1000.0);
        LOG.info("stream events recorded events={} millis={} perSecond={}", total, took.toMillis(), (long) perSecond);
        assertThat(total).isEqualTo(nodes.length * batches * perBatch);
        assertThat(perSecond).isGreaterThan(1000);
    }

    private int accepted(TestNode node, List<StreamEvent> batch) {
        return api.post(node.path("/events"), node.credential, WireJson.write(new StreamEventBatch().events(batch)))
                .expect(202).json().get("accepted").asInt();
    }

    private List<List<String>> published(TestNode node) {
        return events.reported.stream().filter(r -> r.nodeId().equals(node.id))
                .map(r -> r.events().stream().map(StreamEvent::getId).toList()).toList();
    }

    private static StreamEvent event(String id, String type) {
        StreamEvent event = new StreamEvent().id(id).type(StreamEventType.fromValue(type)).domain("push.example.com")
                .app("live").stream("s");
        return type.equals("publish")
                ? event.at(OffsetDateTime.parse("2030-01-01T00:00:00Z")).bitrateKbps(2500)
                        .video(new VideoTrack().codec("h264").width(1280).height(720))
                : event.at(OffsetDateTime.parse("2030-01-01T00:00:01Z")).reason("ended");
    }
}
