package dev.liveplane.media.fleet.spool;

/**
 * How much a {@link SpooledReporter} keeps and sends at once.
 *
 * @param budgetBytes       bytes the spool may take on disk; records past it are counted, logged and not kept
 * @param segmentBytes      size at which a new segment file starts (acknowledged segments are deleted whole)
 * @param batch             records per batch at most
 * @param rejectedFileBytes size past which records refused for good are only counted, no longer written down
 */
public record SpoolSettings(long budgetBytes, long segmentBytes, int batch, long rejectedFileBytes) {

    public static final long DEFAULT_BUDGET = 64L << 20;

    public static SpoolSettings withBudget(long budgetBytes) {
        return new SpoolSettings(budgetBytes, Math.max(4096, Math.min(1L << 20, budgetBytes / 16)), 500, 16L << 20);
    }
}
