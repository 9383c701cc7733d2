package dev.liveplane.media.server.usage;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the meter's counts into usage records every flush interval, on its own thread: at wall-clock ticks (multiples
 * of the interval, and every 5-minute boundary, so a flush never straddles two buckets) it harvests the deltas and
 * hands them, as records with ids {@code u-<16 hex of this process>-<sequence>}, to the durable report. A kill -9
 * loses what was counted since the last tick: at most one interval.
 */
public final class UsageFlusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageFlusher.class);
    /** How long a tick waits for the event loops' harvests; a late loop's counts go with the next tick. */
    private static final long HARVEST_WAIT_MILLIS = 2_000;

    private final UsageMeter meter;
    private final UsageReport report;
    private final long intervalMillis;
    private final Clock clock;
    private final String bootId;
    private final ScheduledExecutorService thread;
    private long sequence;
    private volatile boolean closed;

    public UsageFlusher(UsageMeter meter, UsageReport report, Duration interval, Clock clock) {
        this.meter = meter;
        this.report = report;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
        byte[] boot = new byte[8];
        new SecureRandom().nextBytes(boot);
        this.bootId = HexFormat.of().formatHex(boot);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "liveplane-usage");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts ticking. */
    public void start() {
        log.info("event=usage_metering_started flush_seconds={} boot_id={}", intervalMillis / 1000.0, bootId);
        schedule();
    }

    private void schedule() {
        long now = clock.millis();
        long tick = nextTick(now);
        try {
            thread.schedule(() -> tick(tick), tick - now, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** The next multiple of the interval after {@code now}, or the next bucket boundary if that comes first. */
    long nextTick(long now) {
        long byInterval = Math.floorDiv(now, intervalMillis) * intervalMillis + intervalMillis;
        long byBucket = UsageTallies.bucketOf(now) + UsageTallies.BUCKET_MILLIS;
        return Math.min(byInterval, byBucket);
    }

    private void tick(long tickMillis) {
        if (closed) {
            return;
        }
        try {
            flush(tickMillis);
        } catch (RuntimeException e) {
            log.error("event=usage_flush_failed error=\"{}\"", e.toString(), e);
        }
        schedule();
    }

    private void flush(long tickMillis) {
        List<UsageTallies.Delta> deltas = meter.harvest(tickMillis, HARVEST_WAIT_MILLIS);
        if (deltas.isEmpty()) {
            return;
        }
        List<MeteredUsage> records = new ArrayList<>(deltas.size());
        for (UsageTallies.Delta delta : deltas) {
            records.add(new MeteredUsage("u-" + bootId + "-" + (++sequence), delta.key(),
                    Instant.ofEpochMilli(delta.bucketStart()), delta.bytes(), delta.viewerSeconds(),
                    delta.peakViewers()));
        }
        report.report(records);
    }

    /** Flushes everything counted until now (the node's last flush before it stops); waits for it. */
    public void flushNow() {
        try {
            thread.submit(() -> flush(clock.millis())).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.warn("event=usage_final_flush_failed error=\"{}\"", e.toString());
        }
    }

    /** The id prefix of this process's records. */
    public String bootId() {
        return bootId;
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }
}
