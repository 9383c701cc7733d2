package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.UsageApi;
import dev.liveplane.sdk.generated.model.BandwidthP95;
import dev.liveplane.sdk.generated.model.StreamUsageReport;
import dev.liveplane.sdk.generated.model.TrafficReport;
import dev.liveplane.sdk.generated.model.ViewerReport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A domain's metered usage: traffic and peak bandwidth, viewers and streams over time, and the month's
 * 95th-percentile bandwidth. Intervals are 300, 3600 or 86400 seconds; hours and days follow the time zone given
 * (UTC when none), so {@code start} and {@code end} must be on that zone's hours or midnights.
 */
public final class Usage {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private final UsageApi api;
    private final RetryingCaller caller;

    Usage(UsageApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** Bytes to viewers and peak bandwidth (bit/s) per interval of {@code [start, end)}, in UTC. */
    public TrafficReport traffic(String domain, Instant start, Instant end, int intervalSeconds) {
        return traffic(domain, start, end, intervalSeconds, UTC);
    }

    /** As {@link #traffic(String, Instant, Instant, int)}, hours and days those of {@code zone}. */
    public TrafficReport traffic(String domain, Instant start, Instant end, int intervalSeconds, ZoneId zone) {
        return caller.idempotent("getUsageTraffic", () -> api.getUsageTraffic(domain, at(start, zone), at(end, zone),
                intervalSeconds, zoneId(zone)));
    }

    /** Peak concurrent viewers and viewer-seconds per interval of {@code [start, end)}, in UTC. */
    public ViewerReport viewers(String domain, Instant start, Instant end, int intervalSeconds) {
        return viewers(domain, start, end, intervalSeconds, UTC);
    }

    /** As {@link #viewers(String, Instant, Instant, int)}, hours and days those of {@code zone}. */
    public ViewerReport viewers(String domain, Instant start, Instant end, int intervalSeconds, ZoneId zone) {
        return caller.idempotent("getUsageViewers", () -> api.getUsageViewers(domain, at(start, zone), at(end, zone),
                intervalSeconds, zoneId(zone)));
    }

    /** The {@code limit} streams that sent viewers the most bytes over {@code [start, end)} (5-minute boundaries). */
    public StreamUsageReport topStreams(String domain, Instant start, Instant end, int limit) {
        return caller.idempotent("getUsageStreams", () -> api.getUsageStreams(domain, at(start, UTC), at(end, UTC),
                limit));
    }

    /** The 95th-percentile bandwidth of {@code month} in UTC (burstable billing: the top 5 % of samples dropped). */
    public BandwidthP95 bandwidthP95(String domain, YearMonth month) {
        return bandwidthP95(domain, month, UTC);
    }

    /** As {@link #bandwidthP95(String, YearMonth)}, the month from midnight to midnight in {@code zone}. */
    public BandwidthP95 bandwidthP95(String domain, YearMonth month, ZoneId zone) {
        return caller.idempotent("getUsageBandwidthP95", () -> api.getUsageBandwidthP95(domain, month.toString(),
                zoneId(zone)));
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }

    /** The API takes IANA ids; {@link ZoneOffset#UTC}'s id is "Z". */
    private static String zoneId(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }
}
