package dev.liveplane.media.fleet.spool;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link SpooledReporter}'s counts, kept from its first record on (before the node's registry exists) and published
 * as {@code liveplane_fleet_<name>_...} and {@code liveplane_fleet_spool_...{spool=<name>}} once registered.
 */
final class ReporterMeters {

    final AtomicLong setAside = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong damaged = new AtomicLong();
    final AtomicLong writeFailures = new AtomicLong();

    void register(MeterRegistry meters, String name, LongSupplier waiting, LongSupplier spooled, LongSupplier bytes,
            long budget) {
        String prefix = "liveplane_fleet_" + name;
        Gauge.builder(prefix + "_queued", waiting::getAsLong)
                .description("Records waiting to be sent (" + name + "), not counting the batch on its way").register(meters);
        FunctionCounter.builder(prefix + "_rejected", setAside, AtomicLong::get)
                .description("Records the control plane refused for good (set aside, not sent again)")
                .register(meters);
        FunctionCounter.builder(prefix + "_dropped", dropped, AtomicLong::get)
                .description("Records not kept because the spool was past its byte budget").register(meters);
        Gauge.builder("liveplane_fleet_spool_records", spooled::getAsLong).tag("spool", name)
                .description("Records written to the spool and not yet answered").register(meters);
        Gauge.builder("liveplane_fleet_spool_bytes", bytes::getAsLong).tag("spool", name)
                .description("Bytes the spool takes on disk").register(meters);
        Gauge.builder("liveplane_fleet_spool_budget_bytes", () -> budget).tag("spool", name)
                .description("The spool's byte budget").register(meters);
        FunctionCounter.builder("liveplane_fleet_spool_damaged", damaged, AtomicLong::get).tag("spool", name)
                .description("Damaged spool tails (torn writes, bad checksums) found and cut at start")
                .register(meters);
        FunctionCounter.builder("liveplane_fleet_spool_write_failures", writeFailures, AtomicLong::get)
                .tag("spool", name)
                .description("Records that could not be written to the spool (sent from memory only)")
                .register(meters);
    }
}
