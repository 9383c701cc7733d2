package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Two heartbeat writers (two threads here; two control-plane instances deployed) record different nodes' viewers
 * without waiting for each other: while node A's heartbeat with viewers of {@code s-1} is written and not yet
 * committed, node B's heartbeat with new viewers of {@code s-2}, whose row falls in the viewers index gap after
 * {@code s-1}'s, is recorded and answered at once. Under MySQL's default repeatable read A's group summed
 * {@code s-1}'s viewers into its session's peak with a locking read of that gap, and B waited for A's commit (or, two
 * groups doing it to each other, deadlocked: bench/README.md, 10,000 streams).
 */
@MicronautTest
class ConcurrentHeartbeatWritersTest extends ApiTestBase {

    @Inject
    HeldHeartbeatGroups held;

    @Test
    void aWriterHoldingItsGroupDoesNotHoldBackAnotherNodesViewers() throws Exception {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        TestNode first = TestNode.register(api, bootstrap, "192.0.2.91");
        TestNode second = TestNode.register(api, bootstrap, "192.0.2.92");
        Api.Tenant tenant = api.signUp("Heartbeats");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        first.event("publish", push, "s-1").expect(202);
        second.event("publish", push, "s-2").expect(202);
        second.event("publish", push, "s-3").expect(202);
        second.heartbeat(false, List.of(load(push, "s-3", 9)));

        held.holdNext(first.id);
        CompletableFuture<Object> firstBeat = CompletableFuture.supplyAsync(
                () -> first.heartbeat(false, List.of(load(push, "s-1", 5))));
        try {
            assertThat(held.awaitHeld()).as("node A's heartbeat group is being written").isTrue();
            CompletableFuture<Object> secondBeat = CompletableFuture.supplyAsync(
                    () -> second.heartbeat(false, List.of(load(push, "s-2", 7), load(push, "s-3", 9))));
            try {
                secondBeat.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("node B's heartbeat waited for node A's uncommitted heartbeat");
            }
        } finally {
            held.release();
        }
        firstBeat.get(20, TimeUnit.SECONDS);

        assertThat(viewers(push)).containsExactly("s-1 " + first.id + " 5", "s-2 " + second.id + " 7",
                "s-3 " + second.id + " 9");
        assertThat(peaks(push)).containsExactly("s-1 5", "s-2 7", "s-3 9");
    }

    private static StreamLoad load(String push, String stream, int viewers) {
        return new StreamLoad().domain(push).app("live").stream(stream).viewers(viewers).publishing(true)
                .bitrateKbps(2500);
    }

    /** "stream node viewers" per viewers row of the domain, by stream. */
    private static List<String> viewers(String push) throws SQLException {
        return rows("SELECT stream, node_id, viewers FROM stream_viewers WHERE domain = ? ORDER BY stream", push);
    }

    /** "stream peak" per publish session of the domain, by stream. */
    private static List<String> peaks(String push) throws SQLException {
        return rows("SELECT stream, peak_viewers FROM publish_sessions WHERE domain = ? ORDER BY stream", push);
    }

    private static List<String> rows(String sql, String push) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = TestDatabase.connect();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, push);
            try (ResultSet result = select.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> values = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        values.add(result.getString(c));
                    }
                    rows.add(String.join(" ", values));
                }
            }
        }
        return rows;
    }
}
