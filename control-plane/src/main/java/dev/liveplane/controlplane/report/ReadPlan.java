package dev.liveplane.controlplane.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which rollup rows answer a window exactly, and as few of them as possible: each interval is covered from its start
 * by the coarsest bucket that lies wholly inside it (a UTC day, a UTC hour, else 5 minutes), so a UTC day reads one
 * daily row, a Shanghai day 24 hourly rows and a Kolkata day 5-minute rows at its two half hours. Coarse buckets that
 * end after {@code settledBefore} are read at 5 minutes instead: their rollup may not have caught up yet.
 */
final class ReadPlan {

    /** A half-open range of bucket starts, {@code [from, to)}, read from one rollup. */
    record Range(Instant from, Instant to) {
    }

    private final Map<Rollup, List<Range>> ranges = new EnumMap<>(Rollup.class);

    private ReadPlan() {
        for (Rollup rollup : Rollup.values()) {
            ranges.put(rollup, new ArrayList<>());
        }
    }

    static ReadPlan of(List<Instant> boundaries, Instant settledBefore) {
        ReadPlan plan = new ReadPlan();
        long settled = settledBefore.getEpochSecond();
        for (int i = 0; i + 1 < boundaries.size(); i++) {
            long at = boundaries.get(i).getEpochSecond();
            long end = boundaries.get(i + 1).getEpochSecond();
            while (at < end) {
                Rollup rollup = coarsest(at, end, settled);
                plan.add(rollup, at, at + rollup.seconds());
                at += rollup.seconds();
            }
        }
        return plan;
    }

    /** The ranges to read from {@code rollup}, in order, adjacent ones merged. */
    List<Range> ranges(Rollup rollup) {
        return ranges.get(rollup);
    }

    private static Rollup coarsest(long at, long end, long settled) {
        for (Rollup rollup : new Rollup[] {Rollup.DAY, Rollup.HOUR}) {
            long bucketEnd = at + rollup.seconds();
            if (at % rollup.seconds() == 0 && bucketEnd <= end && bucketEnd <= settled) {
                return rollup;
            }
        }
        return Rollup.FIVE_MINUTES;
    }

    private void add(Rollup rollup, long from, long to) {
        List<Range> list = ranges.get(rollup);
        Range last = list.isEmpty() ? null : list.get(list.size() - 1);
        if (last != null && last.to().getEpochSecond() == from) {
            list.set(list.size() - 1, new Range(last.from(), Instant.ofEpochSecond(to)));
        } else {
            list.add(new Range(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to)));
        }
    }
}
