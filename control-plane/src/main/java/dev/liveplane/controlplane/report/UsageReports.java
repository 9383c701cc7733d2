package dev.liveplane.controlplane.report;

import dev.liveplane.controlplane.domain.DomainService;
import dev.liveplane.controlplane.web.ProblemException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A tenant's usage reports over the rollups: a domain's series per interval, its streams ranked by traffic and its
 * monthly 95th percentile. The domain must be the tenant's (404 otherwise, as if it did not exist); each report reads
 * the coarsest rollup rows that answer it exactly ({@link ReadPlan}).
 */
@Singleton
class UsageReports {

    private final DomainService domains;
    private final DomainUsageReader domainUsage;
    private final StreamUsageReader streamUsage;
    private final Duration rollupLag;

    UsageReports(DomainService domains, DomainUsageReader domainUsage, StreamUsageReader streamUsage,
            @Value("${liveplane.reports.rollup-lag:10m}") Duration rollupLag) {
        this.domains = domains;
        this.domainUsage = domainUsage;
        this.streamUsage = streamUsage;
        this.rollupLag = rollupLag;
    }

    /** The domain's usage per interval of {@code [start, end)} in {@code zoneId}. */
    DomainSeries series(String tenantId, String domain, Instant start, Instant end, int interval, String zoneId) {
        if (!ReportWindow.INTERVALS.contains(interval)) {
            throw ProblemException.invalidFields("Unknown interval", Map.of("interval",
                    "must be one of 300, 3600, 86400"));
        }
        ReportWindow window = ReportWindow.of(start, end, interval, ReportWindow.zone(zoneId));
        String name = domains.domain(tenantId, domain).name();
        return domainUsage.read(tenantId, name, window, ReadPlan.of(window.boundaries(), settledBefore()));
    }

    /** The domain's {@code limit} streams that sent the most bytes over {@code [start, end)}. */
    StreamRanking streams(String tenantId, String domain, Instant start, Instant end, int limit) {
        ReportWindow whole = ReportWindow.of(start, end, 300, ZoneOffset.UTC);
        String name = domains.domain(tenantId, domain).name();
        ReadPlan plan = ReadPlan.of(List.of(whole.start(), whole.end()), settledBefore());
        return StreamRanking.of(whole.start(), whole.end(), streamUsage.read(tenantId, name, plan), limit);
    }

    /** The domain's 95th-percentile bandwidth of {@code month} ({@code YYYY-MM}) in {@code zoneId}. */
    Percentile95 percentile95(String tenantId, String domain, String month, String zoneId) {
        ZoneId zone = ReportWindow.zone(zoneId);
        YearMonth yearMonth;
        try {
            yearMonth = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidFields("Not a month", Map.of("month", "must be YYYY-MM"));
        }
        String name = domains.domain(tenantId, domain).name();
        Instant start = yearMonth.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = yearMonth.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant now = Instant.now();
        long buckets = Duration.between(start, end).toSeconds() / 300;
        // The current month counts the buckets begun so far; a month to come has none.
        long begun = now.isBefore(start) ? 0 : Math.min(buckets, Duration.between(start, now).toSeconds() / 300 + 1);
        Instant sampledTo = start.plusSeconds(begun * 300);
        long[] bytes = domainUsage.fiveMinuteEgress(tenantId, name, start, sampledTo);
        return Percentile95.of(start, end, (int) begun, bytes, !now.isBefore(end));
    }

    /** Coarse rows ending after this may still miss what the rollup has not caught up with. */
    private Instant settledBefore() {
        return Instant.now().minus(rollupLag);
    }
}
