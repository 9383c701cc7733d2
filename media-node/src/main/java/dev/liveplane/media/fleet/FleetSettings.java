package dev.liveplane.media.fleet;

import dev.liveplane.media.fleet.spool.SpoolSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node finds and talks to its control plane.
 *
 * @param controlPlane     base URL of the control plane ({@code http://cp:8080})
 * @param bootstrapToken   the {@code lpb_...} token that registers the node
 * @param stateDir         where the identity and the last snapshot are kept
 * @param advertiseAddress the address players reach the node at; null lets the control plane use the request's
 * @param region           the node's region
 * @param maxViewers       capacity reported at registration, 0 for none
 * @param drainGrace       how long running sessions may carry on after SIGTERM before the node closes
 * @param longPollWait     how long the control plane may hold a config request
 * @param retryBase        first retry delay after a failed call
 * @param retryCap         longest retry delay
 * @param spoolBudgetBytes bytes the stream-event spool (in the state directory) may take; past it new events are
 *                         counted and logged, not kept; the usage spool has a budget of the same size
 * @param usageMetering    whether the node meters usage and reports it (spool/usage)
 * @param usageFlush       how often metered usage becomes records (1 s to 300 s): a kill -9 loses at most this much
 * @param recordingSpoolBytes disk the recordings being written and waiting for the bucket may take (spool/recordings);
 *                         past it a node stops recording the stream that needs more
 */
public record FleetSettings(URI controlPlane, String bootstrapToken, Path stateDir, String advertiseAddress,
        String region, int maxViewers, Duration drainGrace, Duration longPollWait, Duration retryBase,
        Duration retryCap, long spoolBudgetBytes, boolean usageMetering, Duration usageFlush,
        long recordingSpoolBytes) {

    /** The default recordings spool budget: 2 GiB, over an hour of ten 2.5 Mbit/s streams waiting for the bucket. */
    public static final long RECORDING_SPOOL = 2L << 30;

    /** The default usage flush interval. */
    public static final Duration USAGE_FLUSH = Duration.ofSeconds(5);

    public FleetSettings {
        Objects.requireNonNull(controlPlane, "controlPlane");
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        Objects.requireNonNull(stateDir, "stateDir");
        String path = controlPlane.getPath();
        Objects.requireNonNull(usageFlush, "usageFlush");
        if (usageFlush.toMillis() < 1_000 || usageFlush.toMillis() > 300_000) {
            throw new IllegalArgumentException("usage flush interval must be 1 to 300 seconds, not " + usageFlush);
        }
        if (path != null && path.endsWith("/")) {
            controlPlane = URI.create(controlPlane.toString().replaceAll("/+$", ""));
        }
    }

    public static FleetSettings of(URI controlPlane, String bootstrapToken, Path stateDir) {
        return new FleetSettings(controlPlane, bootstrapToken, stateDir, null, "local", 0, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(30), SpoolSettings.DEFAULT_BUDGET,
                true, USAGE_FLUSH, RECORDING_SPOOL);
    }

    public FleetSettings withAdvertise(String address, String nodeRegion, int viewers) {
        return new FleetSettings(controlPlane, bootstrapToken, stateDir, address, nodeRegion, viewers, drainGrace,
                longPollWait, retryBase, retryCap, spoolBudgetBytes, usageMetering, usageFlush, recordingSpoolBytes);
    }

    public FleetSettings withDrainGrace(Duration grace) {
        return new FleetSettings(controlPlane, bootstrapToken, stateDir, advertiseAddress, region, maxViewers, grace,
                longPollWait, retryBase, retryCap, spoolBudgetBytes, usageMetering, usageFlush, recordingSpoolBytes);
    }

    public FleetSettings withTiming(Duration wait, Duration base, Duration cap) {
        return new FleetSettings(controlPlane, bootstrapToken, stateDir, advertiseAddress, region, maxViewers,
                drainGrace, wait, base, cap, spoolBudgetBytes, usageMetering, usageFlush, recordingSpoolBytes);
    }

    public FleetSettings withSpoolBudget(long bytes) {
        return new FleetSettings(controlPlane, bootstrapToken, stateDir, advertiseAddress, region, maxViewers,
                drainGrace, longPollWait, retryBase, retryCap, bytes, usageMetering, usageFlush, recordingSpoolBytes);
    }

    /** Metering on or off, and its flush interval. */
    public FleetSettings withUsage(boolean metering, Duration flush) {
        return new FleetSettings(controlPlane, bootstrapToken, stateDir, advertiseAddress, region, maxViewers,
                drainGrace, longPollWait, retryBase, retryCap, spoolBudgetBytes, metering, flush, recordingSpoolBytes);
    }

    /** The recordings spool's byte budget. */
    public FleetSettings withRecordingSpool(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("recording spool budget must be positive, not " + bytes);
        }
        return new FleetSettings(controlPlane, bootstrapToken, stateDir, advertiseAddress, region, maxViewers,
                drainGrace, longPollWait, retryBase, retryCap, spoolBudgetBytes, usageMetering, usageFlush, bytes);
    }

    @Override
    public String toString() {
        return "FleetSettings[controlPlane=" + controlPlane + ", stateDir=" + stateDir + ", region=" + region + "]";
    }
}
