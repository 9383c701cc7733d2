package dev.liveplane.controlplane.usage;

import static dev.liveplane.controlplane.usage.UsageNode.bucket;
import static dev.liveplane.controlplane.usage.UsageNode.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A replayed usage batch changes nothing (rollups, billable bytes); concurrent nodes sending each batch twice at once
 * are counted exactly once; records the control plane cannot count are set aside while the rest count; retention
 * drops each granularity after its own period.
 */
@MicronautTest(transactional = false)
class UsageReplayTest extends ApiTestBase {

    /** The charger takes usage_billable rows within a second; these tests read them as ingestion left them. */
    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.charging.enabled", "false");
    }

    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    UsageRoller roller;
    @Inject
    UsagePruner pruner;

    @Test
    void aBatchReplayedTwiceChangesNeitherRollupsNorBillable() {
        UsageTables tables = new UsageTables(transactions);
        String tenant = api.signUp("Replays").id();
        String domain = Api.uniqueName("play", "usage.example");
        UsageNode node = UsageNode.register(api);
        List<Map<String, Object>> batch = new ArrayList<>();
        String[] protocols = {"rtmp", "http_flv", "hls", "relay", "ingest"};
        for (int i = 0; i < 300; i++) {
            batch.add(record("r-" + i, tenant, domain, "s" + i % 7, protocols[i % 5], bucket(i % 3 == 0 ? 1 : 290),
                    1000 + i, i, i % 11));
        }
        assertThat(node.report(batch).get("accepted").asInt()).isEqualTo(300);
        roller.rollAll();
        Map<String, List<String>> rollups = tables.rollups(tenant);
        long billable = tables.number("SELECT SUM(bytes) FROM usage_billable WHERE tenant_id = ?", tenant);
        assertThat(rollups.get("usage_domain_1d")).isNotEmpty();

        assertThat(node.report(batch).get("accepted").asInt()).as("first replay").isZero();
        assertThat(node.report(batch).get("accepted").asInt()).as("second replay").isZero();
        roller.rollAll();

        assertThat(tables.rollups(tenant)).isEqualTo(rollups);
        assertThat(tables.number("SELECT SUM(bytes) FROM usage_billable WHERE tenant_id = ?", tenant))
                .isEqualTo(billable);
        List<Map<String, Object>> mixed = new ArrayList<>(batch.subList(0, 10));
        mixed.add(record("r-new", tenant, domain, "s1", "hls", bucket(1), 5, 1, 1));
        assertThat(node.report(mixed).get("accepted").asInt()).as("replays with one new record").isEqualTo(1);
    }

    @Test
    void concurrentNodesSendingEachBatchTwiceAtOnceAreCountedOnce() throws Exception {
        UsageTables tables = new UsageTables(transactions);
        String tenant = api.signUp("Concurrent").id();
        String domain = Api.uniqueName("play", "usage.example");
        List<UsageNode> nodes = List.of(UsageNode.register(api), UsageNode.register(api), UsageNode.register(api));
        AtomicLong accepted = new AtomicLong();
        long expectedEgress = 0;
        List<Runnable> sends = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            UsageNode node = nodes.get(n);
            for (int b = 0; b < 4; b++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String protocol = i % 4 == 0 ? "relay" : "http_flv";
                    long bytes = 100 + n * 7 + b * 3 + i;
                    expectedEgress += protocol.equals("relay") ? 0 : bytes;
                    batch.add(record("c-" + b + "-" + i, tenant, domain, "s" + i % 5, protocol, bucket(2), bytes, 1,
                            1));
                }
                // Each batch twice, from two threads at once: a node retrying a call that seemed to time out.
                for (int twice = 0; twice < 2; twice++) {
                    sends.add(() -> accepted.addAndGet(node.report(batch).get("accepted").asInt()));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            sends.forEach(send -> futures.add(pool.submit(send)));
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        roller.rollAll();

        assertThat(accepted.get()).as("records counted").isEqualTo(3 * 4 * 200);
        assertThat(tables.number("SELECT COUNT(*) FROM usage_records WHERE tenant_id = ?", tenant)).isEqualTo(2400);
        assertThat(tables.number("SELECT SUM(egress_bytes) FROM usage_domain_1d WHERE tenant_id = ?", tenant))
                .isEqualTo(expectedEgress);
        assertThat(tables.number("SELECT SUM(bytes) FROM usage_billable WHERE tenant_id = ?", tenant))
                .isEqualTo(expectedEgress);
    }

    @Test
    void recordsThatCannotCountAreSetAsideAndTheOthersCount() {
        String tenant = api.signUp("Set Aside").id();
        String domain = Api.uniqueName("play", "usage.example");
        UsageNode node = UsageNode.register(api);
        JsonNode answer = node.report(List.of(
                record("ok", tenant, domain, "s", "hls", bucket(1), 10, 1, 1),
                record("unaligned", tenant, domain, "s", "hls", bucket(1).plusSeconds(7), 10, 1, 1),
                record("too-old", tenant, domain, "s", "hls", bucket(1).minus(Duration.ofDays(8)), 10, 1, 1),
                record("future", tenant, domain, "s", "hls", bucket(0).plus(Duration.ofHours(1)), 10, 1, 1),
                record("negative", tenant, domain, "s", "hls", bucket(1), -1, 1, 1)));

        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").findValuesAsText("id")).containsExactly("unaligned", "too-old", "future",
                "negative");
        assertThat(answer.get("rejected").findValuesAsText("reason")).allMatch(r -> !r.isBlank());
        assertThat(api.get("/admin/v1/nodes/" + node.id + "/rejected-events", OPERATOR_TOKEN).expect(200).json()
                .get("total").asInt()).as("kept for the operator").isEqualTo(4);
    }

    @Test
    void aRecordBilledToAnotherTenantThanItsDomainsIsSetAside() {
        UsageTables tables = new UsageTables(transactions);
        Api.Tenant owner = api.signUp("Owner");
        String other = api.signUp("Not The Owner").id();
        JsonNode push = api.createDomain(owner, Api.uniqueName("push", "usage.example"), "push", null);
        JsonNode pull = api.createDomain(owner, Api.uniqueName("play", "usage.example"), "pull",
                push.get("name").asText());
        String domain = pull.get("name").asText();
        UsageNode node = UsageNode.register(api);
        Map<String, Object> owned = record("owned", owner.id(), domain, "s", "rtmp", bucket(1), 100, 1, 1);
        Map<String, Object> foreign = record("foreign", other, domain, "s", "rtmp", bucket(1), 7_000, 1, 1);
        // A registration the control plane does not know (deleted since, or an older node's): billed as the node saw.
        Map<String, Object> unknown = record("unknown", other, domain, "s", "hls", bucket(1), 30, 1, 1);
        // The registration's id, as the nodes' snapshot carries it (the tenant API does not show it).
        String domainId = tables.rows("SELECT id FROM domains WHERE name = ?", domain).get(0).substring("id=".length());
        owned.put("domainId", domainId);
        foreign.put("domainId", domainId);

        JsonNode answer = node.report(List.of(owned, foreign, unknown));

        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").findValuesAsText("id")).containsExactly("foreign");
        assertThat(answer.get("rejected").get(0).get("reason").asText()).contains("another tenant");
        assertThat(tables.number("SELECT SUM(bytes) FROM usage_billable WHERE tenant_id = ?", owner.id()))
                .isEqualTo(100);
        assertThat(tables.number("SELECT SUM(bytes) FROM usage_billable WHERE tenant_id = ?", other)).isEqualTo(30);
    }

    @Test
    void eachGranularityIsDroppedAfterItsOwnRetention() {
        UsageTables tables = new UsageTables(transactions);
        String tenant = "retention-" + System.nanoTime() % 1_000_000_000;
        Instant now = Instant.now();
        insert("INSERT INTO usage_node_5m VALUES (?, ?, 'd', 'live', 's', 'hls', 'n', 1, 1, 1)", now, 8, tenant);
        insert("INSERT INTO usage_node_5m VALUES (?, ?, 'd', 'live', 's', 'hls', 'n2', 1, 1, 1)", now, 6, tenant);
        for (String table : List.of("usage_stream_5m", "usage_stream_1h", "usage_stream_1d")) {
            for (int days : new int[] {61, 63, 399, 401, 1825, 1827}) {
                insert("INSERT INTO " + table + " VALUES (?, 'd', ?, 'live', 's', 'hls', 1, 1, 1)", now, days, tenant);
            }
        }
        pruner.prune(now);

        assertThat(tables.rows("SELECT node_id FROM usage_node_5m WHERE tenant_id = ?", tenant))
                .containsExactly("node_id=n2");
        assertThat(ages(tables, "usage_stream_5m", tenant, now)).containsExactly(61L);
        assertThat(ages(tables, "usage_stream_1h", tenant, now)).containsExactly(61L, 63L, 399L);
        assertThat(ages(tables, "usage_stream_1d", tenant, now)).containsExactly(61L, 63L, 399L, 401L, 1825L);
    }

    private List<Long> ages(UsageTables tables, String table, String tenant, Instant now) {
        return tables.rows("SELECT bucket_start FROM " + table + " WHERE tenant_id = ? ORDER BY bucket_start DESC",
                tenant).stream().map(row -> Duration.between(UsageSql.instant(java.time.LocalDateTime.parse(
                        row.substring(row.indexOf('=') + 1))), now).toDays()).toList();
    }

    private void insert(String sql, Instant now, int daysAgo, String tenant) {
        boolean tenantFirst = sql.contains("VALUES (?, 'd', ?");
        transactions.executeWrite(status -> {
            try (var statement = status.getConnection().prepareStatement(sql)) {
                Object bucket = UsageSql.utc(UsageRoller.truncate(now.minus(Duration.ofDays(daysAgo)),
                        Duration.ofMinutes(5)));
                statement.setObject(1, tenantFirst ? tenant : bucket);
                statement.setObject(2, tenantFirst ? bucket : tenant);
                return statement.executeUpdate();
            }
        });
    }
}
