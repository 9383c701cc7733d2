package dev.liveplane.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns the outcomes of every viewer of a run into the summary numbers, as text for people and one JSON line. */
public record LoadReport(String url, int requested, int connected, int failed, int disconnected, int keepingRealTime,
        double windowSeconds, double firstMediaP50Millis, double firstMediaP90Millis, double firstMediaP99Millis,
        double firstMediaMaxMillis, double bytesPerViewerSecondMean, double bytesPerViewerSecondMin,
        double aggregateMbps, Map<String, Integer> failures) {

    /** Share of wall-clock time the media timestamps must advance by for a viewer to count as keeping real time. */
    public static final double REAL_TIME_SHARE = 0.95;

    public static LoadReport of(String url, int requested, List<ViewerOutcome> outcomes, long windowNanos) {
        double windowSeconds = windowNanos / 1e9;
        long windowMillis = windowNanos / 1_000_000;
        int connected = 0;
        int disconnected = 0;
        int keeping = 0;
        int measured = 0;
        long totalWindowBytes = 0;
        long minWindowBytes = Long.MAX_VALUE;
        long[] firstMedia = new long[outcomes.size()];
        Map<String, Integer> failures = new TreeMap<>();
        for (ViewerOutcome o : outcomes) {
            if (o.connected()) {
                firstMedia[connected++] = o.firstMediaNanos();
            }
            if (o.disconnected()) {
                disconnected++;
            }
            if (keepsRealTime(o, windowMillis)) {
                keeping++;
            }
            if (o.playingAtWindowStart()) {
                measured++;
                totalWindowBytes += o.windowBytes();
                minWindowBytes = Math.min(minWindowBytes, o.windowBytes());
            }
            if (o.failure() != null) {
                failures.merge(o.failure(), 1, Integer::sum);
            }
        }
        long[] sorted = Arrays.copyOf(firstMedia, connected);
        Arrays.sort(sorted);
        double perSecondMean = measured == 0 ? 0 : totalWindowBytes / (double) measured / windowSeconds;
        double perSecondMin = measured == 0 ? 0 : minWindowBytes / windowSeconds;
        return new LoadReport(url, requested, connected, requested - connected, disconnected, keeping, windowSeconds,
                millis(percentile(sorted, 50)), millis(percentile(sorted, 90)), millis(percentile(sorted, 99)),
                millis(percentile(sorted, 100)), perSecondMean, perSecondMin,
                totalWindowBytes * 8 / windowSeconds / 1e6, failures);
    }

    /** A viewer keeps real time if it played through the whole window and its media kept pace with the wall clock. */
    static boolean keepsRealTime(ViewerOutcome o, long windowMillis) {
        return o.playingAtWindowStart() && !o.disconnected() && o.windowMediaMillis() >= REAL_TIME_SHARE * windowMillis;
    }

    /**
     * Nearest-rank percentile of an ascending array: the smallest value with at least {@code p} percent of the values
     * at or below it; -1 for an empty array.
     */
    public static long percentile(long[] ascending, double p) {
        if (ascending.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100 * ascending.length);
        return ascending[Math.max(0, Math.min(ascending.length, rank) - 1)];
    }

    private static double millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    /** The report as aligned lines for a terminal. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        line(out, "url", url);
        line(out, "viewers", String.format(Locale.ROOT, "requested %d, connected %d, failed %d, disconnected %d",
                requested, connected, failed, disconnected));
        line(out, "keeping real time", String.format(Locale.ROOT, "%d of %d (media advance >= %.0f%% of %.1f s)",
                keepingRealTime, requested, REAL_TIME_SHARE * 100, windowSeconds));
        line(out, "first media ms", String.format(Locale.ROOT, "p50 %.1f  p90 %.1f  p99 %.1f  max %.1f",
                firstMediaP50Millis, firstMediaP90Millis, firstMediaP99Millis, firstMediaMaxMillis));
        line(out, "kbit/s per viewer", String.format(Locale.ROOT, "mean %.1f  min %.1f",
                bytesPerViewerSecondMean * 8 / 1000, bytesPerViewerSecondMin * 8 / 1000));
        line(out, "aggregate", String.format(Locale.ROOT, "%.1f Mbit/s", aggregateMbps));
        failures.forEach((reason, count) -> line(out, "failure x" + count, reason));
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-20s %s%n", label, value));
    }

    /** The report as one flat JSON object on one line, for scripts. */
    public String toJson() {
        StringBuilder out = new StringBuilder(512).append('{');
        field(out, "url", quote(url));
        field(out, "requested", Integer.toString(requested));
        field(out, "connected", Integer.toString(connected));
        field(out, "failed", Integer.toString(failed));
        field(out, "disconnected", Integer.toString(disconnected));
        field(out, "keeping_real_time", Integer.toString(keepingRealTime));
        field(out, "window_seconds", number(windowSeconds));
        field(out, "first_media_p50_ms", number(firstMediaP50Millis));
        field(out, "first_media_p90_ms", number(firstMediaP90Millis));
        field(out, "first_media_p99_ms", number(firstMediaP99Millis));
        field(out, "first_media_max_ms", number(firstMediaMaxMillis));
        field(out, "bytes_per_viewer_second_mean", number(bytesPerViewerSecondMean));
        field(out, "bytes_per_viewer_second_min", number(bytesPerViewerSecondMin));
        field(out, "aggregate_mbps", number(aggregateMbps));
        out.setLength(out.length() - 1);
        return out.append('}').toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
