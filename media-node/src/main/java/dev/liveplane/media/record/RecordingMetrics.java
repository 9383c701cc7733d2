package dev.liveplane.media.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The recorder's numbers on the admin port's {@code /metrics}. */
public final class RecordingMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger recording = new AtomicInteger();
    private final Counter files;
    private final Counter failures;
    private final Counter uploadedObjects;
    private final Counter uploadedBytes;
    private final Counter uploadFailures;
    private final Timer uploadDelay;
    private final DistributionSummary fileBytes;

    public RecordingMetrics(MeterRegistry registry, SpoolBudget budget) {
        this.registry = registry;
        Gauge.builder("liveplane_recording_streams", recording, AtomicInteger::get)
                .description("Streams being recorded now").register(registry);
        Gauge.builder("liveplane_recording_spool_bytes", budget, SpoolBudget::used)
                .description("Disk the recordings spool takes: files being written and waiting for the bucket")
                .register(registry);
        Gauge.builder("liveplane_recording_spool_budget_bytes", budget, SpoolBudget::limit)
                .description("The recordings spool's byte budget").register(registry);
        files = Counter.builder("liveplane_recording_files_total")
                .description("Recording files finished (each format's file counts)").register(registry);
        failures = Counter.builder("liveplane_recording_failures_total")
                .description("Streams whose recording stopped because the spool budget was spent or a file could "
                        + "not be written").register(registry);
        uploadedObjects = Counter.builder("liveplane_recording_uploaded_objects_total")
                .description("Objects written to the bucket").register(registry);
        uploadedBytes = Counter.builder("liveplane_recording_uploaded_bytes_total")
                .description("Bytes written to the bucket").register(registry);
        uploadFailures = Counter.builder("liveplane_recording_upload_failures_total")
                .description("Uploads the store refused or could not take (each is retried)").register(registry);
        uploadDelay = Timer.builder("liveplane_recording_upload_delay_seconds")
                .description("From a file's end to its object in the bucket").publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        fileBytes = DistributionSummary.builder("liveplane_recording_file_bytes")
                .description("Size of finished recording files").baseUnit("bytes").register(registry);
    }

    void outbox(RecordingOutbox outbox) {
        Gauge.builder("liveplane_recording_outbox_waiting", outbox, RecordingOutbox::waiting)
                .description("Uploads and reports waiting in the outbox").register(registry);
    }

    void started() {
        recording.incrementAndGet();
    }

    void stopped() {
        recording.decrementAndGet();
    }

    void fileFinished(long bytes) {
        files.increment();
        fileBytes.record(bytes);
    }

    void failed() {
        failures.increment();
    }

    void uploaded(long bytes, long delayNanos) {
        uploadedObjects.increment();
        uploadedBytes.increment(bytes);
        uploadDelay.record(delayNanos, TimeUnit.NANOSECONDS);
    }

    void uploadFailed() {
        uploadFailures.increment();
    }
}
