package dev.liveplane.controlplane.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/usage/traffic} and {@code /v1/usage/viewers} over real HTTP, on rows written into the rollup tables:
 * bytes and peak bandwidth per 5 minutes, hour and day, in UTC, across both DST changes of New York and in Kolkata's
 * half-hour zone, a rollup that has not caught up yet, and CSV.
 */
@MicronautTest
class TrafficReportTest extends ApiTestBase {

    private Api.Tenant tenant;
    private String domain;

    @BeforeAll
    void rows() throws SQLException {
        tenant = api.signUp("Traffic Reports");
        domain = api.createDomain(tenant, Api.uniqueName("push", "usage.example"), "push", null).get("name").asText();
        try (UsageRows rows = new UsageRows()) {
            // UTC: 2025-01-15, hours 0, 1 and 2.
            rows.domain(tenant.id(), domain, "2025-01-15T00:00:00Z", 3_000, 600, 2);
            rows.domain(tenant.id(), domain, "2025-01-15T00:05:00Z", 6_000, 900, 3);
            rows.domain(tenant.id(), domain, "2025-01-15T01:10:00Z", 1_500, 300, 1);
            rows.domain(tenant.id(), domain, "2025-01-15T02:55:00Z", 30_000, 1_500, 5);
            // New York's spring-forward day (2025-03-09, 23 h) and the days around it.
            rows.domain(tenant.id(), domain, "2025-03-09T04:55:00Z", 100, 0, 0);   // 03-08 23:55 EST
            rows.domain(tenant.id(), domain, "2025-03-09T05:00:00Z", 200, 0, 0);   // 03-09 00:00 EST
            rows.domain(tenant.id(), domain, "2025-03-10T03:55:00Z", 400, 0, 0);   // 03-09 23:55 EDT
            rows.domain(tenant.id(), domain, "2025-03-10T04:00:00Z", 800, 0, 0);   // 03-10 00:00 EDT
            // Fall back (2025-11-02, 25 h): 01:30 EDT and 01:30 EST are an hour apart.
            rows.domain(tenant.id(), domain, "2025-11-02T05:30:00Z", 1_000, 0, 0); // 01:30 EDT
            rows.domain(tenant.id(), domain, "2025-11-02T06:30:00Z", 2_000, 0, 0); // 01:30 EST
            // Kolkata (+05:30): its 2025-01-20 is [01-19T18:30Z, 01-20T18:30Z).
            rows.domain(tenant.id(), domain, "2025-01-19T18:25:00Z", 7, 0, 0);
            rows.domain(tenant.id(), domain, "2025-01-19T18:30:00Z", 11, 0, 0);
            rows.domain(tenant.id(), domain, "2025-01-20T06:00:00Z", 19, 0, 0);
            rows.domain(tenant.id(), domain, "2025-01-20T18:25:00Z", 13, 0, 0);
            rows.domain(tenant.id(), domain, "2025-01-20T18:30:00Z", 17, 0, 0);
        }
    }

    @Test
    void hoursInUtcSumBytesAndPeakAtTheLargestFiveMinutes() {
        JsonNode report = traffic("2025-01-15T00:00:00Z", "2025-01-15T03:00:00Z", 3600, null);

        assertThat(report.get("timeZone").asText()).isEqualTo("UTC");
        assertThat(column(report, "start")).containsExactly("2025-01-15T00:00:00Z", "2025-01-15T01:00:00Z",
                "2025-01-15T02:00:00Z");
        assertThat(longs(report, "bytes")).containsExactly(9_000L, 1_500L, 30_000L);
        // 6,000 B in 300 s = 160 bit/s; 1,500 B = 40 bit/s; 30,000 B = 800 bit/s.
        assertThat(longs(report, "peakBps")).containsExactly(160L, 40L, 800L);
        assertThat(report.get("totalBytes").asLong()).isEqualTo(40_500);
        assertThat(report.get("peakBps").asLong()).isEqualTo(800);
    }

    @Test
    void fiveMinutePointsHaveNoGapsAndADayIsOnePoint() {
        JsonNode fine = traffic("2025-01-15T00:00:00Z", "2025-01-15T00:15:00Z", 300, null);
        assertThat(longs(fine, "bytes")).containsExactly(3_000L, 6_000L, 0L);
        assertThat(longs(fine, "peakBps")).containsExactly(80L, 160L, 0L);

        JsonNode day = traffic("2025-01-15T00:00:00Z", "2025-01-16T00:00:00Z", 86400, null);
        assertThat(longs(day, "bytes")).containsExactly(40_500L);
        assertThat(longs(day, "peakBps")).containsExactly(800L);
    }

    @Test
    void newYorkDaysFollowItsMidnightsAndTheSpringForwardDayLasts23Hours() {
        JsonNode report = traffic("2025-03-08T00:00:00-05:00", "2025-03-11T00:00:00-04:00", 86400,
                "America/New_York");

        assertThat(column(report, "start")).containsExactly("2025-03-08T00:00:00-05:00", "2025-03-09T00:00:00-05:00",
                "2025-03-10T00:00:00-04:00");
        assertThat(column(report, "end")).containsExactly("2025-03-09T00:00:00-05:00", "2025-03-10T00:00:00-04:00",
                "2025-03-11T00:00:00-04:00");
        assertThat(longs(report, "bytes")).containsExactly(100L, 600L, 800L);
    }

    @Test
    void theFallBackDayHas25HourlyPointsAndOneThirtyTwice() {
        JsonNode report = traffic("2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00", 3600,
                "America/New_York");

        List<String> starts = column(report, "start");
        assertThat(starts).hasSize(25).contains("2025-11-02T01:00:00-04:00", "2025-11-02T01:00:00-05:00");
        assertThat(longs(report, "bytes").get(starts.indexOf("2025-11-02T01:00:00-04:00"))).isEqualTo(1_000L);
        assertThat(longs(report, "bytes").get(starts.indexOf("2025-11-02T01:00:00-05:00"))).isEqualTo(2_000L);
        JsonNode day = traffic("2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00", 86400, "America/New_York");
        assertThat(longs(day, "bytes")).containsExactly(3_000L);
    }

    @Test
    void kolkataHoursAndDaysStartAtHalfPastInUtc() {
        JsonNode day = traffic("2025-01-20T00:00:00+05:30", "2025-01-21T00:00:00+05:30", 86400, "Asia/Kolkata");
        assertThat(longs(day, "bytes")).containsExactly(11L + 19 + 13);

        JsonNode hours = traffic("2025-01-20T00:00:00+05:30", "2025-01-20T02:00:00+05:30", 3600, "Asia/Kolkata");
        assertThat(column(hours, "start")).containsExactly("2025-01-20T00:00:00+05:30", "2025-01-20T01:00:00+05:30");
        assertThat(longs(hours, "bytes")).containsExactly(11L, 0L);
    }

    @Test
    void viewersArePeaksAndViewerSecondsPerInterval() {
        JsonNode report = api.get("/v1/usage/viewers?domain=" + domain + "&start=2025-01-15T00:00:00Z"
                + "&end=2025-01-15T02:00:00Z&interval=3600", tenant.token()).expect(200).json();

        assertThat(longs(report, "peakViewers")).containsExactly(3L, 1L);
        assertThat(longs(report, "viewerSeconds")).containsExactly(1_500L, 300L);
        assertThat(report.get("points").get(0).get("averageViewers").asDouble()).isEqualTo(1_500.0 / 3600);
        assertThat(report.get("peakViewers").asInt()).isEqualTo(3);
    }

    @Test
    void theLastMinutesAreReadFromFiveMinuteRowsWhileTheHourlyRollupLags() throws SQLException {
        Instant bucket = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        bucket = bucket.minusSeconds(bucket.getEpochSecond() % 300).minusSeconds(300);
        try (UsageRows rows = new UsageRows()) {
            rows.domain(tenant.id(), domain, bucket, 4_200, 0, 0, 0, 0, false);
        }
        Instant hour = bucket.truncatedTo(ChronoUnit.HOURS);

        JsonNode report = traffic(hour.toString(), hour.plus(1, ChronoUnit.HOURS).toString(), 3600, null);

        assertThat(longs(report, "bytes")).containsExactly(4_200L);
    }

    @Test
    void csvHasAHeaderAndOneLinePerPoint() {
        Api.Response csv = api.call("GET", "/v1/usage/traffic?domain=" + domain + "&start=2025-01-15T00:00:00Z"
                + "&end=2025-01-15T02:00:00Z&interval=3600", tenant.token(), null, "Accept", "text/csv").expect(200);

        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("start,end,bytes,peak_bps,ingest_bytes,relay_bytes\r\n"
                + "2025-01-15T00:00:00Z,2025-01-15T01:00:00Z,9000,160,0,0\r\n"
                + "2025-01-15T01:00:00Z,2025-01-15T02:00:00Z,1500,40,0,0\r\n");
        Api.Response viewers = api.call("GET", "/v1/usage/viewers?domain=" + domain + "&start=2025-01-15T00:00:00Z"
                + "&end=2025-01-15T01:00:00Z&interval=3600", tenant.token(), null, "Accept", "text/csv").expect(200);
        assertThat(viewers.body()).startsWith("start,end,peak_viewers,viewer_seconds,average_viewers\r\n"
                + "2025-01-15T00:00:00Z,2025-01-15T01:00:00Z,3,1500,0.41666");
    }

    private JsonNode traffic(String start, String end, int interval, String zone) {
        return api.get("/v1/usage/traffic?domain=" + domain + "&start=" + encode(start) + "&end=" + encode(end)
                + "&interval=" + interval + (zone == null ? "" : "&timeZone=" + zone), tenant.token())
                .expect(200).json();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> column(JsonNode report, String field) {
        return report.get("points").findValuesAsText(field);
    }

    private static List<Long> longs(JsonNode report, String field) {
        return report.get("points").findValues(field).stream().map(JsonNode::asLong).toList();
    }
}
