package dev.liveplane.controlplane.usage;

import static dev.liveplane.controlplane.usage.UsageNode.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes report one domain's streams over three 5-minute buckets in two hours of yesterday: the stream and
 * domain rollups at 5 minutes, 1 hour and 1 day hold exactly the sums and peaks the V6 column comments promise, and
 * the billable journal holds the viewer egress (rtmp, http_flv, hls) and nothing of relay or ingest.
 */
@MicronautTest(transactional = false)
class UsageRollupTest extends ApiTestBase {

    /** The charger takes usage_billable rows within a second; these tests read them as ingestion left them. */
    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.charging.enabled", "false");
    }

    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    UsageRoller roller;

    @Test
    void rollupsAddBytesAndKeepPeaksPerGranularity() {
        UsageTables tables = new UsageTables(transactions);
        String tenant = api.signUp("Rollups").id();
        String domain = Api.uniqueName("play", "usage.example");
        UsageNode a = UsageNode.register(api);
        UsageNode b = UsageNode.register(api);
        Instant day = UsageRoller.truncate(Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(1));
        Instant hour = day.plus(Duration.ofHours(10));
        Instant b1 = hour;
        Instant b2 = hour.plus(Duration.ofMinutes(5));
        Instant b3 = hour.plus(Duration.ofHours(1));

        assertThat(a.report(List.of(
                record("a1", tenant, domain, "s1", "http_flv", b1, 1000, 60, 5),
                record("a2", tenant, domain, "s1", "hls", b1, 300, 30, 2),
                record("a3", tenant, domain, "s1", "relay", b1, 50000, 0, 0),
                record("a4", tenant, domain, "s1", "ingest", b1, 70000, 0, 0),
                record("a5", tenant, domain, "s1", "http_flv", b2, 4000, 60, 10),
                record("a6", tenant, domain, "s1", "http_flv", b2, 500, 30, 3),
                record("a7", tenant, domain, "s2", "rtmp", b2, 100, 10, 1))).get("accepted").asInt()).isEqualTo(7);
        assertThat(b.report(List.of(
                record("b1", tenant, domain, "s1", "http_flv", b1, 2000, 120, 7),
                record("b2", tenant, domain, "s1", "http_flv", b3, 9000, 90, 4))).get("accepted").asInt())
                .isEqualTo(2);
        roller.rollAll();

        String streams = "SELECT bucket_start, stream, protocol, bytes, viewer_seconds, peak_viewers FROM %s"
                + " WHERE tenant_id = ? ORDER BY bucket_start, stream, protocol";
        assertThat(tables.rows(streams.formatted("usage_stream_5m"), tenant)).containsExactly(
                row(b1, "s1", "hls", 300, 30, 2), row(b1, "s1", "http_flv", 3000, 180, 12),
                row(b1, "s1", "ingest", 70000, 0, 0), row(b1, "s1", "relay", 50000, 0, 0),
                row(b2, "s1", "http_flv", 4500, 90, 10), row(b2, "s2", "rtmp", 100, 10, 1),
                row(b3, "s1", "http_flv", 9000, 90, 4));
        assertThat(tables.rows(streams.formatted("usage_stream_1h"), tenant)).containsExactly(
                row(hour, "s1", "hls", 300, 30, 2), row(hour, "s1", "http_flv", 7500, 270, 12),
                row(hour, "s1", "ingest", 70000, 0, 0), row(hour, "s1", "relay", 50000, 0, 0),
                row(hour, "s2", "rtmp", 100, 10, 1), row(b3, "s1", "http_flv", 9000, 90, 4));
        assertThat(tables.rows(streams.formatted("usage_stream_1d"), tenant)).containsExactly(
                row(day, "s1", "hls", 300, 30, 2), row(day, "s1", "http_flv", 16500, 360, 12),
                row(day, "s1", "ingest", 70000, 0, 0), row(day, "s1", "relay", 50000, 0, 0),
                row(day, "s2", "rtmp", 100, 10, 1));

        String domains = "SELECT bucket_start, egress_bytes, relay_bytes, ingest_bytes, peak_egress_5m_bytes,"
                + " viewer_seconds, peak_viewers FROM %s WHERE tenant_id = ? ORDER BY bucket_start";
        assertThat(tables.rows(domains.formatted("usage_domain_5m"), tenant)).containsExactly(
                domainRow(b1, 3300, 50000, 70000, 3300, 210, 14), domainRow(b2, 4600, 0, 0, 4600, 100, 11),
                domainRow(b3, 9000, 0, 0, 9000, 90, 4));
        assertThat(tables.rows(domains.formatted("usage_domain_1h"), tenant)).containsExactly(
                domainRow(hour, 7900, 50000, 70000, 4600, 310, 14), domainRow(b3, 9000, 0, 0, 9000, 90, 4));
        assertThat(tables.rows(domains.formatted("usage_domain_1d"), tenant)).containsExactly(
                domainRow(day, 16900, 50000, 70000, 9000, 400, 14));

        assertThat(tables.number("SELECT SUM(bytes) FROM usage_billable WHERE tenant_id = ?", tenant))
                .as("billed: viewer egress only").isEqualTo(16900);
        assertThat(tables.rows("SELECT bucket_start, SUM(bytes) AS bytes FROM usage_billable WHERE tenant_id = ?"
                + " GROUP BY bucket_start ORDER BY bucket_start", tenant)).as("billed per 5-minute bucket")
                .containsExactly("bucket_start=" + at(b1) + " bytes=3300", "bucket_start=" + at(b2) + " bytes=4600",
                        "bucket_start=" + at(b3) + " bytes=9000");
        assertThat(tables.number("SELECT COUNT(*) FROM usage_rollup_pending WHERE tenant_id = ?", tenant))
                .as("marks left after the roll").isZero();
    }

    private static String row(Instant bucket, String stream, String protocol, long bytes, long viewerSeconds,
            int peak) {
        return "bucket_start=" + at(bucket) + " stream=" + stream + " protocol=" + protocol + " bytes=" + bytes
                + " viewer_seconds=" + viewerSeconds + " peak_viewers=" + peak;
    }

    private static String domainRow(Instant bucket, long egress, long relay, long ingest, long peakEgress,
            long viewerSeconds, int peak) {
        return "bucket_start=" + at(bucket) + " egress_bytes=" + egress + " relay_bytes=" + relay + " ingest_bytes="
                + ingest + " peak_egress_5m_bytes=" + peakEgress + " viewer_seconds=" + viewerSeconds
                + " peak_viewers=" + peak;
    }

    /** A bucket as {@link UsageTables} shows a DATETIME column (UTC wall-clock). */
    static String at(Instant bucket) {
        return LocalDateTime.ofInstant(bucket, ZoneOffset.UTC).toString();
    }
}
