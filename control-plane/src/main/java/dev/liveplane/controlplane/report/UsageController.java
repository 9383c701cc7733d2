package dev.liveplane.controlplane.report;

import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.api.UsageApi;
import dev.liveplane.controlplane.web.model.BandwidthP95;
import dev.liveplane.controlplane.web.model.StreamUsage;
import dev.liveplane.controlplane.web.model.StreamUsageReport;
import dev.liveplane.controlplane.web.model.TrafficPoint;
import dev.liveplane.controlplane.web.model.TrafficReport;
import dev.liveplane.controlplane.web.model.ViewerPoint;
import dev.liveplane.controlplane.web.model.ViewerReport;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Serves {@code /v1/usage/...}: a domain's traffic and bandwidth, viewers, streams and 95th percentile, as JSON or,
 * for {@code Accept: text/csv}, as CSV (web/CsvBodyWriter writes the same models).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class UsageController implements UsageApi {

    private final UsageReports reports;
    private final CurrentCaller caller;

    UsageController(UsageReports reports, CurrentCaller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @Override
    public TrafficReport getUsageTraffic(String domain, OffsetDateTime start, OffsetDateTime end, Integer interval,
            String timeZone) {
        DomainSeries series = reports.series(caller.tenantId(), domain, start.toInstant(), end.toInstant(), interval,
                timeZone);
        List<OffsetDateTime> at = boundaries(series);
        List<TrafficPoint> points = new ArrayList<>(series.points());
        for (int i = 0; i < series.points(); i++) {
            points.add(new TrafficPoint(at.get(i), at.get(i + 1), series.egressBytes[i],
                    DomainSeries.bitsPerSecond(series.peakEgress5mBytes[i]), series.ingestBytes[i],
                    series.relayBytes[i]));
        }
        return new TrafficReport(domain, interval, series.window().zone().getId(), at.get(0),
                at.get(series.points()), Arrays.stream(series.egressBytes).sum(),
                DomainSeries.bitsPerSecond(Arrays.stream(series.peakEgress5mBytes).max().orElse(0)), points);
    }

    @Override
    public ViewerReport getUsageViewers(String domain, OffsetDateTime start, OffsetDateTime end, Integer interval,
            String timeZone) {
        DomainSeries series = reports.series(caller.tenantId(), domain, start.toInstant(), end.toInstant(), interval,
                timeZone);
        List<OffsetDateTime> at = boundaries(series);
        List<ViewerPoint> points = new ArrayList<>(series.points());
        for (int i = 0; i < series.points(); i++) {
            long seconds = series.boundaries().get(i + 1).getEpochSecond() - series.boundaries().get(i)
                    .getEpochSecond();
            points.add(new ViewerPoint(at.get(i), at.get(i + 1), series.peakViewers[i], series.viewerSeconds[i],
                    (double) series.viewerSeconds[i] / seconds));
        }
        return new ViewerReport(domain, interval, series.window().zone().getId(), at.get(0),
                at.get(series.points()), Arrays.stream(series.peakViewers).max().orElse(0),
                Arrays.stream(series.viewerSeconds).sum(), points);
    }

    @Override
    public StreamUsageReport getUsageStreams(String domain, OffsetDateTime start, OffsetDateTime end,
            Integer limit) {
        StreamRanking ranking = reports.streams(caller.tenantId(), domain, start.toInstant(), end.toInstant(),
                limit == null ? 10 : limit);
        return new StreamUsageReport(domain, utc(ranking.start()), utc(ranking.end()), ranking.totalBytes(),
                ranking.streamCount(), ranking.otherBytes(), ranking.top().stream()
                        .map(s -> new StreamUsage(s.app(), s.stream(), s.bytes(), s.rtmpBytes(), s.httpFlvBytes(),
                                s.hlsBytes(), s.ingestBytes(), s.viewerSeconds()))
                        .toList());
    }

    @Override
    public BandwidthP95 getUsageBandwidthP95(String domain, String month, String timeZone) {
        Percentile95 p95 = reports.percentile95(caller.tenantId(), domain, month, timeZone);
        ZoneId zone = ZoneId.of(timeZone);
        return new BandwidthP95(domain, month, zone.getId(), p95.start().atZone(zone).toOffsetDateTime(),
                p95.end().atZone(zone).toOffsetDateTime(), p95.samples(), p95.droppedSamples(), p95.p95Bps(),
                p95.peakBps(), p95.complete());
    }

    /** The series' boundaries, each with the zone's offset at that instant (which DST changes). */
    private static List<OffsetDateTime> boundaries(DomainSeries series) {
        ZoneId zone = series.window().zone();
        return series.boundaries().stream().map(at -> at.atZone(zone).toOffsetDateTime()).toList();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
