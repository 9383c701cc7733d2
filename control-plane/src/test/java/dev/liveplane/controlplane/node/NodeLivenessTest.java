package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.PublishedStream;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whether the online stream list converges to the truth when nodes or the control plane go away and come back:
 * a control plane back from an outage judges no node on time it was not running, a node's heartbeat list of what it
 * publishes brings back streams ended for a false loss and ends streams a restarted node no longer has, and a
 * deleted node stays deleted with its streams ended once. All over HTTP as the nodes and tenants see it, with the
 * webhooks read from the delivery log.
 */
@MicronautTest(transactional = false)
class NodeLivenessTest extends ApiTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    NodeRepository nodes;
    @Inject
    FleetConfiguration config;
    @Inject
    EdgeRecords edge;
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    ApplicationEventPublisher<NodeSilenced> silenced;
    @Inject
    FleetEvents events;

    private String bootstrap;
    private Api.Tenant tenant;

    @Override
    protected Map<String, String> overrides() {
        // The service's own sweeper judges nobody during the tests (they run sweepers of their own, with
        // clocks they move); deliveries are recorded, not sent: the log is what the tests read.
        return Map.of("liveplane.fleet.heartbeat-timeout", "1h", "liveplane.callbacks.dispatcher-enabled", "false");
    }

    @BeforeAll
    void setUp() {
        bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json().get("token")
                .asText();
        tenant = api.signUp("Liveness");
    }

    @Test
    void aControlPlaneBackFromAnOutageGivesEveryNodeAWholeTimeoutFromItsStart() throws SQLException {
        String push = pushDomain();
        TestNode live = TestNode.register(api, bootstrap, "192.0.2.101");
        TestNode gone = TestNode.register(api, bootstrap, "192.0.2.102");
        publish(live, push, "cam");
        // Both last spoke ten minutes ago: the control plane was down since.
        Instant outageStart = Instant.now().minus(Duration.ofMinutes(10));
        for (TestNode node : List.of(live, gone)) {
            NodeFleetTest.sql("UPDATE nodes SET last_heartbeat_at = ?, registered_at = ? WHERE id = ?",
                    Timestamp.from(outageStart), Timestamp.from(outageStart), node.id);
        }
        Instant started = Instant.now();
        TestClock clock = new TestClock(started);
        LivenessSweeper restarted = sweeper(clock);

        clock.advance(Duration.ofMillis(1300));
        restarted.sweep();

        assertThat(status(live)).isEqualTo("HEALTHY");
        assertThat(status(gone)).isEqualTo("HEALTHY");
        assertThat(streams(push)).containsExactly("cam@" + live.id);
        assertThat(deliveries(push)).containsExactlyInAnyOrder("publish cam");
        assertThat(events.silencedCount(live.id) + events.silencedCount(gone.id)).isZero();

        // The live node finds the control plane again; the other never does.
        live.heartbeat(List.of(published(push, "cam")));
        Instant heard = Instant.parse(api.get("/admin/v1/nodes/" + live.id, OPERATOR_TOKEN).expect(200).json()
                .get("lastHeartbeatAt").asText());
        clock.set(started.plus(TIMEOUT).minusMillis(1));
        restarted.sweep();
        assertThat(status(gone)).isEqualTo("HEALTHY");

        // Past a whole timeout since the start, and not yet one since the live node's heartbeat.
        clock.set(started.plus(TIMEOUT).plus(Duration.between(started, heard).dividedBy(2)));
        restarted.sweep();
        assertThat(status(gone)).as("silent for a whole timeout of this instance's life").isEqualTo("SILENT");
        assertThat(status(live)).isEqualTo("HEALTHY");
        assertThat(streams(push)).containsExactly("cam@" + live.id);
        assertThat(deliveries(push)).containsExactlyInAnyOrder("publish cam");
    }

    @Test
    void aNodeJudgedLostReannouncesItsLiveStreamsOnceItIsHeardAgain() throws SQLException {
        String push = pushDomain();
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.111");
        publish(node, push, "a");
        publish(node, push, "b");
        node.heartbeat(List.of(published(push, "a"), published(push, "b")));
        assertThat(deliveries(push)).containsExactlyInAnyOrder("publish a", "publish b");

        silence(node);
        assertThat(streams(push)).isEmpty();
        assertThat(deliveries(push)).containsExactlyInAnyOrder("publish a", "publish b", "unpublish a node_lost",
                "unpublish b node_lost");

        // The node was only cut off; "b" ended meanwhile and its unpublish was answered before this heartbeat.
        node.heartbeat(List.of(published(push, "a")));
        assertThat(status(node)).isEqualTo("HEALTHY");
        assertThat(streams(push)).containsExactly("a@" + node.id);
        node.heartbeat(List.of(published(push, "a")));
        assertThat(deliveries(push)).as("one publish for the stream that came back, and no more")
                .containsExactlyInAnyOrder("publish a", "publish b", "unpublish a node_lost", "unpublish b node_lost",
                        "publish a");
    }

    @Test
    void aStreamRecordedOnANodeAlreadyJudgedGoneEndsWithinASweep() throws Exception {
        String push = pushDomain();
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.151");
        silence(node);

        // A late batch: no silencing is coming for this node any more, so a sweep must end what it added.
        publish(node, push, "late");

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!streams(push).isEmpty()) {
            assertThat(System.nanoTime()).as("the straggler ended; still %s", streams(push)).isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(deliveries(push)).containsExactlyInAnyOrder("publish late", "unpublish late node_lost");
    }

    @Test
    void aRestartedNodeEndsTheStreamsItNoLongerHasOnItsFirstHeartbeatWithOneWebhook() {
        String push = pushDomain();
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.121");
        TestNode other = TestNode.register(api, bootstrap, "192.0.2.122");
        publish(node, push, "a");
        publish(node, push, "b");
        publish(other, push, "elsewhere");
        node.heartbeat(List.of(published(push, "a"), published(push, "b")));
        // A heartbeat without the list (a node that does not send it, or has events unanswered) changes nothing.
        node.heartbeat();
        assertThat(streams(push)).containsExactly("a@" + node.id, "b@" + node.id, "elsewhere@" + other.id);

        // kill -9, restart with the same identity: the new process publishes nothing yet. A stream online on
        // another node is not this node's to end, even if it lists it.
        node.heartbeat(List.of(published(push, "elsewhere")));

        assertThat(streams(push)).containsExactly("elsewhere@" + other.id);
        assertThat(deliveries(push)).containsExactlyInAnyOrder("publish a", "publish b", "publish elsewhere",
                "unpublish a node_restarted", "unpublish b node_restarted");
        node.heartbeat(List.of());
        node.event("unpublish", push, "a").expect(202);
        assertThat(deliveries(push)).as("neither the next heartbeat nor a late unpublish tells anyone again")
                .hasSize(5);
    }

    @Test
    void aDeletedNodeIsRefusedForGoodAndItsStreamsEndOnceAsDeleted() throws SQLException {
        String push = pushDomain();
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.131");
        publish(node, push, "live");
        node.heartbeat(List.of(published(push, "live")));

        api.delete("/admin/v1/nodes/" + node.id, OPERATOR_TOKEN).expect(204);

        assertThat(streams(push)).isEmpty();
        node.send(new NodeHeartbeat().configVersion(1L).draining(false).streams(List.of())
                .published(List.of(published(push, "live")))).expectProblem(410, "node-deleted");
        api.get(node.path("/config?waitSeconds=0"), node.credential).expectProblem(410, "node-deleted");
        node.event("publish", push, "x").expectProblem(410, "node-deleted");
        JsonNode refused = register(bootstrap, Map.of("nodeId", node.id)).expectProblem(410, "node-deleted");
        assertThat(refused.get("detail").asText()).contains(node.id).contains("deleted");
        // Whatever the node does next, the operator's delete holds and nothing more is said of its stream.
        silence(node);
        assertThat(status(node.id)).isEqualTo(404);
        assertThat(streams(push)).isEmpty();
        assertThat(deliveries(push)).containsExactlyInAnyOrder("publish live", "unpublish live node_deleted");
        assertThat(events.silenced.stream().filter(e -> e.nodeId().equals(node.id)).map(NodeSilenced::reason))
                .containsExactly(NodeSilenced.DELETED);
    }

    @Test
    void aNodeRegisteringAgainKeepsItsIdentityOnlyWithTheTokenThatRegisteredIt() {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.141");
        String otherToken = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();

        JsonNode again = register(bootstrap, Map.of("nodeId", node.id, "address", "192.0.2.142")).expect(201)
                .json();
        assertThat(again.get("nodeId").asText()).isEqualTo(node.id);
        assertThat(api.get("/admin/v1/nodes/" + node.id, OPERATOR_TOKEN).expect(200).json().get("address")
                .asText()).isEqualTo("192.0.2.142");
        String fresh = again.get("credential").asText();
        api.post(node.path("/heartbeat"), fresh, Map.of("configVersion", 1, "draining", false, "streams",
                List.of())).expect(200);

        // Another token's holder cannot take this node's identity: it is a new node.
        assertThat(register(otherToken, Map.of("nodeId", node.id)).expect(201).json().get("nodeId").asText())
                .isNotEqualTo(node.id);
        assertThat(register(bootstrap, Map.of("nodeId", "0000000000000000000000zzzz")).expect(201).json()
                .get("nodeId").asText()).isNotEqualTo("0000000000000000000000zzzz");
    }

    // ---- helpers ----

    private LivenessSweeper sweeper(Clock clock) {
        return new LivenessSweeper(nodes, new FleetConfiguration(config.heartbeatInterval(), TIMEOUT,
                config.credentialLifetime(), config.serveUnverifiedDomains()), edge, transactions, silenced, clock);
    }

    /** Judges the node silent as a sweeper would once its timeout has passed. */
    private void silence(TestNode node) throws SQLException {
        NodeFleetTest.sql("UPDATE nodes SET last_heartbeat_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minus(TIMEOUT.multipliedBy(2))), node.id);
        TestClock clock = new TestClock(Instant.now().minus(TIMEOUT.multipliedBy(3)));
        LivenessSweeper sweeper = sweeper(clock);
        clock.advance(TIMEOUT.multipliedBy(3));
        sweeper.sweep();
    }

    private String pushDomain() {
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        api.call("PUT", "/v1/domains/" + push + "/callbacks", tenant.token(), Map.of("url",
                "http://127.0.0.1:9/hooks")).expect(200);
        return push;
    }

    private static void publish(TestNode node, String push, String stream) {
        node.event("publish", push, stream).expect(202);
    }

    private static PublishedStream published(String push, String stream) {
        return new PublishedStream().domain(push).app("live").stream(stream)
                .startedAt(OffsetDateTime.parse("2030-01-01T00:00:00Z"));
    }

    private Api.Response register(String token, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("address", "192.0.2.199", "rtmpPort", 1935, "httpPort",
                8081));
        body.putAll(extra);
        return api.post("/internal/v1/nodes/register", token, body);
    }

    private String status(TestNode node) {
        return api.get("/admin/v1/nodes/" + node.id, OPERATOR_TOKEN).expect(200).json().get("status").asText();
    }

    private int status(String nodeId) {
        return api.get("/admin/v1/nodes/" + nodeId, OPERATOR_TOKEN).status();
    }

    /** The domain's online streams as {@code stream@node}, in list order. */
    private List<String> streams(String push) {
        List<String> found = new ArrayList<>();
        api.get("/v1/streams?domain=" + push, tenant.token()).expect(200).json().get("items")
                .forEach(s -> found.add(s.get("stream").asText() + "@" + s.get("nodeId").asText()));
        return found;
    }

    /**
     * The domain's webhooks as {@code event stream [reason]}, oldest first; those of one transaction share a
     * millisecond and come in any order, so tests compare them as a multiset.
     */
    private List<String> deliveries(String push) {
        List<String> found = new ArrayList<>();
        for (JsonNode delivery : api.get("/v1/callbacks/deliveries?pageSize=100&domain=" + push, tenant.token())
                .expect(200).json().get("items")) {
            try {
                JsonNode data = Api.JSON.readTree(delivery.get("body").asText()).get("data");
                found.add(0, delivery.get("event").asText() + " " + data.get("stream").asText()
                        + (data.hasNonNull("reason") ? " " + data.get("reason").asText() : ""));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
