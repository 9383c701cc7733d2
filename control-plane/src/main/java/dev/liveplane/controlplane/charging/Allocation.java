package dev.liveplane.controlplane.charging;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits a tenant's billable bytes, per 5-minute bucket, between its packages and pay-as-you-go: each bucket's bytes
 * go first to the packages that cover the bucket (bought before it ended, expiring after it started), earliest
 * expiry first, and the rest to pay-as-you-go in the statement month of the bucket (UTC). Which packages cover
 * traffic depends on when the traffic happened, not on when it is charged, so a charger that runs late (an outage,
 * a node replaying its spool hours later) charges the same bill.
 */
record Allocation(List<PackageTake> packageTakes, SortedMap<YearMonth, Long> payg) {

    static final Duration BUCKET = Duration.ofMinutes(5);

    /** Bytes taken from one package for traffic of one statement month. */
    record PackageTake(String packageId, YearMonth month, long bytes) {
    }

    /**
     * @param buckets bytes per bucket start, in time order
     * @param packages the tenant's packages with bytes left, earliest expiry first
     */
    static Allocation of(SortedMap<Instant, Long> buckets, List<HeldPackage> packages) {
        long[] left = new long[packages.size()];
        for (int i = 0; i < left.length; i++) {
            left[i] = packages.get(i).remainingBytes();
        }
        Map<String, Map<YearMonth, Long>> taken = new LinkedHashMap<>();
        SortedMap<YearMonth, Long> payg = new TreeMap<>();
        buckets.forEach((bucketStart, bytes) -> {
            YearMonth month = month(bucketStart);
            long rest = bytes;
            for (int i = 0; i < left.length && rest > 0; i++) {
                HeldPackage held = packages.get(i);
                if (left[i] > 0 && held.covers(bucketStart)) {
                    long take = Math.min(left[i], rest);
                    left[i] -= take;
                    rest -= take;
                    taken.computeIfAbsent(held.id(), id -> new TreeMap<>()).merge(month, take, Long::sum);
                }
            }
            if (rest > 0) {
                payg.merge(month, rest, Long::sum);
            }
        });
        List<PackageTake> takes = new ArrayList<>();
        taken.forEach((id, months) -> months.forEach((month, bytes) -> takes.add(new PackageTake(id, month, bytes))));
        return new Allocation(List.copyOf(takes), payg);
    }

    /** The statement month of a bucket: its UTC calendar month. */
    static YearMonth month(Instant bucketStart) {
        return YearMonth.from(bucketStart.atOffset(ZoneOffset.UTC));
    }
}
