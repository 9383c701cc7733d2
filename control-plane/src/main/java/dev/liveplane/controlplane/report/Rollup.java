package dev.liveplane.controlplane.report;

/** The granularities the usage rollups are kept at (V6__usage.sql), each bucket aligned on UTC. */
enum Rollup {
    FIVE_MINUTES(300, "5m"),
    HOUR(3600, "1h"),
    DAY(86400, "1d");

    private final long seconds;
    private final String suffix;

    Rollup(long seconds, String suffix) {
        this.seconds = seconds;
        this.suffix = suffix;
    }

    long seconds() {
        return seconds;
    }

    /** The table of this granularity, {@code usage_domain_1h} for {@code ("usage_domain", HOUR)}. */
    String table(String prefix) {
        return prefix + "_" + suffix;
    }
}
