package dev.liveplane.media.server.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what the meter reports on the admin port ({@code liveplane_usage_bytes_total{protocol}},
 * {@code liveplane_usage_viewer_seconds_total{protocol}}, {@code liveplane_usage_records_total},
 * {@code liveplane_usage_hls_sessions}), then hands the records on to {@code next} (the durable report; null on a
 * standalone node, whose usage goes nowhere else).
 */
public final class UsageMetrics implements UsageReport {

    private final Map<Metered, Counter> bytes = new EnumMap<>(Metered.class);
    private final Map<Metered, Counter> viewerSeconds = new EnumMap<>(Metered.class);
    private final Counter records;
    private final UsageReport next;

    public UsageMetrics(MeterRegistry registry, UsageMeter meter, UsageReport next) {
        this.next = next;
        for (Metered protocol : Metered.values()) {
            bytes.put(protocol, Counter.builder("liveplane_usage_bytes").tag("protocol", protocol.wire())
                    .description("Bytes metered (written to players' sockets and relays, received from publishers)")
                    .register(registry));
            viewerSeconds.put(protocol, Counter.builder("liveplane_usage_viewer_seconds")
                    .tag("protocol", protocol.wire()).description("Viewer-seconds metered").register(registry));
        }
        this.records = Counter.builder("liveplane_usage_records").description("Usage records made")
                .register(registry);
        Gauge.builder("liveplane_usage_hls_sessions", meter::hlsSessions)
                .description("HLS sessions watching now").register(registry);
    }

    @Override
    public void report(List<MeteredUsage> made) {
        for (MeteredUsage record : made) {
            bytes.get(record.key().protocol()).increment(record.bytes());
            viewerSeconds.get(record.key().protocol()).increment(record.viewerSeconds());
        }
        records.increment(made.size());
        if (next != null) {
            next.report(made);
        }
    }
}
