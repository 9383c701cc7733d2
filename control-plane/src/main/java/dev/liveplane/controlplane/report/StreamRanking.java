package dev.liveplane.controlplane.report;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A domain's streams over a range, the top ones by bytes, with what the rest add up to. */
record StreamRanking(Instant start, Instant end, long totalBytes, int streamCount, long otherBytes,
        List<StreamTotals> top) {

    private static final Comparator<StreamTotals> MOST_FIRST = Comparator.comparingLong(StreamTotals::bytes)
            .reversed().thenComparing(StreamTotals::app, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(StreamTotals::stream, String.CASE_INSENSITIVE_ORDER);

    static StreamRanking of(Instant start, Instant end, Collection<StreamTotals> streams, int limit) {
        List<StreamTotals> top = streams.stream().sorted(MOST_FIRST).limit(limit).toList();
        long total = streams.stream().mapToLong(StreamTotals::bytes).sum();
        long shown = top.stream().mapToLong(StreamTotals::bytes).sum();
        return new StreamRanking(start, end, total, streams.size(), total - shown, top);
    }
}
