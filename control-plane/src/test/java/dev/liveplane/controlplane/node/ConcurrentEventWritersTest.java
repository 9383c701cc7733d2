package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
 * Two event writers (two threads here; two control-plane instances deployed) record unrelated streams without waiting
 * for each other: while one node's unpublish of {@code s-1} is written and not yet committed, another node's publish of
 * {@code s-2}, whose session falls in the index gap after {@code s-1}'s, is recorded and answered at once. Under
 * MySQL's default repeatable read the first writer's session close locked that gap, and the second waited for its
 * commit (or deadlocked with it).
 */
@MicronautTest
class ConcurrentEventWritersTest extends ApiTestBase {

    @Inject
    HeldEventGroups held;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.event-ingest-concurrency", "2");
    }

    @Test
    void aWriterHoldingItsGroupDoesNotHoldBackAnotherStreamsPublish() throws Exception {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        TestNode first = TestNode.register(api, bootstrap, "192.0.2.81");
        TestNode second = TestNode.register(api, bootstrap, "192.0.2.82");
        Api.Tenant tenant = api.signUp("Writers");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        first.event("publish", push, "s-1").expect(202);
        second.event("publish", push, "s-3").expect(202);

        held.holdNext("s-1");
        CompletableFuture<Api.Response> unpublish = CompletableFuture.supplyAsync(
                () -> first.event("unpublish", push, "s-1"));
        try {
            assertThat(held.awaitHeld()).as("the unpublish's group is being written").isTrue();
            CompletableFuture<Api.Response> publish = CompletableFuture.supplyAsync(
                    () -> second.event("publish", push, "s-2"));
            try {
                publish.get(5, TimeUnit.SECONDS).expect(202);
            } catch (TimeoutException e) {
                fail("the publish of s-2 waited for the other writer's uncommitted unpublish of s-1");
            }
        } finally {
            held.release();
        }
        unpublish.get(20, TimeUnit.SECONDS).expect(202);

        assertThat(sessions(push)).containsExactly("s-1 " + first.id + " ended", "s-2 " + second.id + " open",
                "s-3 " + second.id + " open");
    }

    /** "stream node open|ended" per publish session of the domain, by stream. */
    private static List<String> sessions(String push) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = TestDatabase.connect();
                PreparedStatement select = connection.prepareStatement("SELECT stream, node_id, ended_at IS NULL"
                        + " FROM publish_sessions WHERE domain = ? ORDER BY stream")) {
            select.setString(1, push);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getString(2) + " "
                            + (result.getBoolean(3) ? "open" : "ended"));
                }
            }
        }
        return rows;
    }
}
