package dev.liveplane.controlplane.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/usage/streams} and {@code /v1/usage/bandwidth-p95} over real HTTP on rows written into the rollups,
 * the 95th percentile against a set checked by hand, their CSV, and the refusals: ranges and zones that do not fit
 * (422 naming the field), malformed parameters (400), and domains that are not the caller's (404).
 */
@MicronautTest
class StreamsAndPercentileReportTest extends ApiTestBase {

    private Api.Tenant tenant;
    private String domain;

    @BeforeAll
    void rows() throws SQLException {
        tenant = api.signUp("Stream Reports");
        domain = api.createDomain(tenant, Api.uniqueName("push", "usage.example"), "push", null).get("name").asText();
        try (UsageRows rows = new UsageRows()) {
            // 2025-02-03: three streams; "main" across protocols and hours (read from 1d, 1h and 5m rows).
            rows.stream(tenant.id(), domain, "2025-02-03T10:00:00Z", "live", "main", "http_flv", 5_000, 600);
            rows.stream(tenant.id(), domain, "2025-02-03T10:05:00Z", "live", "main", "hls", 2_000, 300);
            rows.stream(tenant.id(), domain, "2025-02-03T23:55:00Z", "live", "main", "rtmp", 1_000, 60);
            rows.stream(tenant.id(), domain, "2025-02-03T10:00:00Z", "live", "main", "ingest", 9_999, 0);
            rows.stream(tenant.id(), domain, "2025-02-03T12:00:00Z", "live", "side", "http_flv", 3_000, 100);
            rows.stream(tenant.id(), domain, "2025-02-03T12:00:00Z", "live", "tiny", "hls", 500, 10);
            // The day after: outside the range asked for.
            rows.stream(tenant.id(), domain, "2025-02-04T00:00:00Z", "live", "side", "http_flv", 70_000, 0);
            // February 2025 (8,064 buckets): 410 buckets of i * 3,000 B (i * 80 bit/s) for i = 1..410.
            Instant first = Instant.parse("2025-02-01T00:00:00Z");
            for (int i = 1; i <= 410; i++) {
                rows.domain(tenant.id(), domain, first.plusSeconds(600L * i), i * 3_000L, 0, 0, 0, 0, true);
            }
            // January in UTC, February in Shanghai (04:00 on its 1st): 3,000,000 B = 80,000 bit/s.
            rows.domain(tenant.id(), domain, Instant.parse("2025-01-31T20:00:00Z"), 3_000_000, 0, 0, 0, 0, true);
        }
    }

    @Test
    void streamsAreRankedByBytesWithTheRestInOtherBytes() {
        JsonNode report = api.get("/v1/usage/streams?domain=" + domain + "&start=2025-02-03T00:00:00Z"
                + "&end=2025-02-04T00:00:00Z&limit=2", tenant.token()).expect(200).json();

        assertThat(report.get("streams").findValuesAsText("stream")).containsExactly("main", "side");
        JsonNode main = report.get("streams").get(0);
        assertThat(main.get("bytes").asLong()).isEqualTo(8_000);
        assertThat(main.get("httpFlvBytes").asLong()).isEqualTo(5_000);
        assertThat(main.get("hlsBytes").asLong()).isEqualTo(2_000);
        assertThat(main.get("rtmpBytes").asLong()).isEqualTo(1_000);
        assertThat(main.get("ingestBytes").asLong()).isEqualTo(9_999);
        assertThat(main.get("viewerSeconds").asLong()).isEqualTo(960);
        assertThat(report.get("totalBytes").asLong()).isEqualTo(11_500);
        assertThat(report.get("streamCount").asInt()).isEqualTo(3);
        assertThat(report.get("otherBytes").asLong()).isEqualTo(500);
    }

    @Test
    void aRangeOfPartHoursReadsTheFiveMinuteRowsAtItsEdges() {
        JsonNode report = api.get("/v1/usage/streams?domain=" + domain + "&start=2025-02-03T10:05:00Z"
                + "&end=2025-02-03T23:55:00Z", tenant.token()).expect(200).json();

        assertThat(report.get("totalBytes").asLong()).isEqualTo(2_000 + 3_000 + 500);
    }

    @Test
    void p95DropsTheTopFivePercentOfTheMonthsFiveMinuteSamples() {
        JsonNode p95 = api.get("/v1/usage/bandwidth-p95?domain=" + domain + "&month=2025-02", tenant.token())
                .expect(200).json();

        // 28 days = 8,064 samples, floor(8064 / 20) = 403 dropped: i = 410..8. The highest left is i = 7.
        assertThat(p95.get("samples").asInt()).isEqualTo(8_064);
        assertThat(p95.get("droppedSamples").asInt()).isEqualTo(403);
        assertThat(p95.get("p95Bps").asLong()).isEqualTo(7 * 80);
        assertThat(p95.get("peakBps").asLong()).isEqualTo(410 * 80);
        assertThat(p95.get("complete").asBoolean()).isTrue();
        assertThat(p95.get("start").asText()).isEqualTo("2025-02-01T00:00:00Z");
    }

    @Test
    void p95OfAMonthInAnotherZoneStartsAtItsMidnight() {
        JsonNode p95 = api.get("/v1/usage/bandwidth-p95?domain=" + domain + "&month=2025-02&timeZone=Asia/Shanghai",
                tenant.token()).expect(200).json();

        // Shanghai's February starts 8 hours before UTC's and holds the 80,000 bit/s bucket too: 411 buckets with
        // traffic, the top 403 dropped (that one and i = 410..9), so the highest left is i = 8.
        assertThat(p95.get("start").asText()).isEqualTo("2025-02-01T00:00:00+08:00");
        assertThat(p95.get("end").asText()).isEqualTo("2025-03-01T00:00:00+08:00");
        assertThat(p95.get("samples").asInt()).isEqualTo(8_064);
        assertThat(p95.get("p95Bps").asLong()).isEqualTo(8 * 80);
        assertThat(p95.get("peakBps").asLong()).isEqualTo(80_000);
    }

    @Test
    void theCurrentMonthCountsTheBucketsBegunSoFar() {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        JsonNode p95 = api.get("/v1/usage/bandwidth-p95?domain=" + domain + "&month=" + month, tenant.token())
                .expect(200).json();

        long begun = (Instant.now().getEpochSecond() - month.atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC))
                / 300 + 1;
        assertThat(p95.get("complete").asBoolean()).isFalse();
        assertThat(p95.get("samples").asLong()).isBetween(begun - 1, begun);
    }

    @Test
    void csvOfStreamsAndOfTheP95() {
        String streams = api.call("GET", "/v1/usage/streams?domain=" + domain + "&start=2025-02-03T00:00:00Z"
                + "&end=2025-02-04T00:00:00Z&limit=1", tenant.token(), null, "Accept", "text/csv").expect(200).body();
        assertThat(streams).isEqualTo("app,stream,bytes,rtmp_bytes,http_flv_bytes,hls_bytes,ingest_bytes,"
                + "viewer_seconds\r\nlive,main,8000,1000,5000,2000,9999,960\r\n");

        String none = api.call("GET", "/v1/usage/streams?domain=" + domain + "&start=2024-02-03T00:00:00Z"
                + "&end=2024-02-04T00:00:00Z", tenant.token(), null, "Accept", "text/csv").expect(200).body();
        assertThat(none).as("no streams: the header alone").isEqualTo("app,stream,bytes,rtmp_bytes,http_flv_bytes,"
                + "hls_bytes,ingest_bytes,viewer_seconds\r\n");

        String p95 = api.call("GET", "/v1/usage/bandwidth-p95?domain=" + domain + "&month=2025-02", tenant.token(),
                null, "Accept", "text/csv").expect(200).body();
        assertThat(p95).isEqualTo("domain,month,time_zone,start,end,samples,dropped_samples,p95_bps,peak_bps,"
                + "complete\r\n" + domain + ",2025-02,UTC,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,8064,403,560,"
                + "32800,true\r\n");
    }

    @Test
    void rangesThatDoNotFitAre422NamingTheField() {
        String traffic = "/v1/usage/traffic?domain=" + domain;
        assertThat(field(api.get(traffic + "&start=2025-02-02T00:00:00Z&end=2025-02-01T00:00:00Z&interval=3600",
                tenant.token()).expectProblem(422, "validation-failed"))).isEqualTo("end: must be after start");
        assertThat(field(api.get(traffic + "&start=2025-02-01T00:00:00Z&end=2025-02-01T01:30:00Z&interval=3600"
                + "&timeZone=Asia/Kolkata", tenant.token()).expectProblem(422, "validation-failed")))
                .isEqualTo("start: must be a whole hour in Asia/Kolkata for interval 3600, such as "
                        + "2025-02-01T05:00:00+05:30");
        assertThat(field(api.get(traffic + "&start=2025-02-01T00:00:00Z&end=2025-02-02T00:00:00Z&interval=60",
                tenant.token()).expectProblem(422, "validation-failed"))).startsWith("interval: must be one of");
        assertThat(field(api.get(traffic + "&start=2025-02-01T00:00:00Z&end=2025-02-02T00:00:00Z&interval=3600"
                + "&timeZone=Mars/Olympus", tenant.token()).expectProblem(422, "validation-failed")))
                .startsWith("timeZone: is not an IANA time zone id");
        assertThat(field(api.get(traffic + "&start=2025-01-01T00:00:00Z&end=2025-02-02T00:00:00Z&interval=300",
                tenant.token()).expectProblem(422, "validation-failed"))).startsWith("end: the range holds more than");
        assertThat(field(api.get("/v1/usage/streams?domain=" + domain + "&start=2025-01-01T00:00:00Z"
                + "&end=2026-02-01T00:00:00Z", tenant.token()).expectProblem(422, "validation-failed")))
                .isEqualTo("end: must be at most 366 days after start");
    }

    @Test
    void malformedParametersAre400AndOtherDomains404() {
        api.get("/v1/usage/traffic?domain=" + domain + "&start=yesterday&end=2025-02-01T00:00:00Z&interval=300",
                tenant.token()).expectProblem(400, "malformed-request");
        api.get("/v1/usage/traffic?start=2025-02-01T00:00:00Z&end=2025-02-02T00:00:00Z&interval=300",
                tenant.token()).expectProblem(400, "malformed-request");
        api.get("/v1/usage/bandwidth-p95?domain=" + domain + "&month=2025-13", tenant.token())
                .expectProblem(400, "invalid-parameter");
        api.get("/v1/usage/streams?domain=" + domain + "&start=2025-02-01T00:00:00Z&end=2025-02-02T00:00:00Z"
                + "&limit=0", tenant.token()).expectProblem(400, "invalid-parameter");
        api.get("/v1/usage/traffic?domain=nobody.example&start=2025-02-01T00:00:00Z&end=2025-02-02T00:00:00Z"
                + "&interval=3600", tenant.token()).expectProblem(404, "not-found");
        Api.Tenant other = api.signUp("Someone Else");
        api.get("/v1/usage/bandwidth-p95?domain=" + domain + "&month=2025-02", other.token())
                .expectProblem(404, "not-found");
        api.get("/v1/usage/streams?domain=" + domain + "&start=2025-02-03T00:00:00Z&end=2025-02-04T00:00:00Z",
                other.token()).expectProblem(404, "not-found");
    }

    /** The one field error of a 422, as {@code field: message}. */
    private static String field(JsonNode problem) {
        assertThat(problem.get("errors")).as(problem.toString()).hasSize(1);
        return problem.get("errors").get(0).get("field").asText() + ": "
                + problem.get("errors").get(0).get("message").asText();
    }
}
