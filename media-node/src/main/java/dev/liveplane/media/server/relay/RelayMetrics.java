package dev.liveplane.media.server.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The relay meters: pulls running, started and failed, and the bytes they brought in. */
public final class RelayMetrics {

    private final AtomicInteger active = new AtomicInteger();
    private final Counter starts;
    private final Counter failures;
    private final Counter bytesIn;

    public RelayMetrics(MeterRegistry registry) {
        Gauge.builder("liveplane_relays_active", active, AtomicInteger::get)
                .description("Streams relayed from their origin node now").register(registry);
        starts = Counter.builder("liveplane_relay_starts")
                .description("Relay pulls that started (the origin answered 200)").register(registry);
        failures = Counter.builder("liveplane_relay_failures")
                .description("Relay pulls that could not start").register(registry);
        bytesIn = Counter.builder("liveplane_relay_ingest_bytes").baseUnit("bytes")
                .description("Bytes read from origin nodes").register(registry);
    }

    public int active() {
        return active.get();
    }

    public double starts() {
        return starts.count();
    }

    public double failures() {
        return failures.count();
    }

    void started() {
        starts.increment();
        active.incrementAndGet();
    }

    void stopped() {
        active.decrementAndGet();
    }

    void failed() {
        failures.increment();
    }

    void bytesIn(long bytes) {
        bytesIn.increment(bytes);
    }
}
