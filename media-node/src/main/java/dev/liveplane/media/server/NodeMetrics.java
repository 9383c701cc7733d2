package dev.liveplane.media.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The node's Prometheus meters: connections, streams, bytes in and out, dropped frames, delivery latency. */
public final class NodeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger rtmpConnections = new AtomicInteger();
    private final AtomicInteger httpConnections = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger viewers = new AtomicInteger();
    private final Counter bytesIn;
    private final Counter rtmpBytesOut;
    private final Counter flvBytesOut;
    private final Counter hlsBytesOut;
    private final Counter droppedFrames;
    private final Counter slowViewersDisconnected;
    private final Counter protocolErrors;
    private final Timer deliveryLatency;

    public NodeMetrics() {
        Gauge.builder("liveplane_connections", rtmpConnections, AtomicInteger::get)
                .tag("protocol", "rtmp").description("Open client connections").register(registry);
        Gauge.builder("liveplane_connections", httpConnections, AtomicInteger::get)
                .tag("protocol", "http").description("Open client connections").register(registry);
        Gauge.builder("liveplane_streams", streams, AtomicInteger::get)
                .description("Streams being published on this node").register(registry);
        Gauge.builder("liveplane_viewers", viewers, AtomicInteger::get)
                .description("RTMP and HTTP-FLV viewers attached to a stream").register(registry);
        bytesIn = Counter.builder("liveplane_ingest_bytes").baseUnit("bytes")
                .description("Bytes read from publishers").register(registry);
        rtmpBytesOut = bytesOut("rtmp");
        flvBytesOut = bytesOut("http-flv");
        hlsBytesOut = bytesOut("hls");
        droppedFrames = Counter.builder("liveplane_dropped_frames")
                .description("Frames not sent to slow viewers (whole GOPs)").register(registry);
        slowViewersDisconnected = Counter.builder("liveplane_slow_viewers_disconnected")
                .description("Viewers cut off because they could not keep up").register(registry);
        protocolErrors = Counter.builder("liveplane_protocol_errors")
                .description("Connections closed because of malformed input").register(registry);
        deliveryLatency = Timer.builder("liveplane_delivery_latency")
                .description("Time from the end of a frame's ingest to its write to a viewer socket")
                .publishPercentiles(0.5, 0.99, 0.999)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
    }

    private Counter bytesOut(String protocol) {
        return Counter.builder("liveplane_delivery_bytes").baseUnit("bytes").tag("protocol", protocol)
                .description("Bytes written to viewers").register(registry);
    }

    public AtomicInteger rtmpConnections() {
        return rtmpConnections;
    }

    public AtomicInteger httpConnections() {
        return httpConnections;
    }

    public AtomicInteger streams() {
        return streams;
    }

    public AtomicInteger viewers() {
        return viewers;
    }

    public void bytesIn(long bytes) {
        bytesIn.increment(bytes);
    }

    public Counter rtmpBytesOut() {
        return rtmpBytesOut;
    }

    public Counter flvBytesOut() {
        return flvBytesOut;
    }

    public Counter hlsBytesOut() {
        return hlsBytesOut;
    }

    public void droppedFrames(long frames) {
        droppedFrames.increment(frames);
    }

    public void slowViewerDisconnected() {
        slowViewersDisconnected.increment();
    }

    public void protocolError() {
        protocolErrors.increment();
    }

    public void deliveryLatency(long nanos) {
        deliveryLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Frames a queued stream sink dropped because its queue was full, by sink name; any thread. */
    public Counter sinkDroppedFrames(String sink) {
        return Counter.builder("liveplane_sink_dropped_frames").tag("sink", sink)
                .description("Frames a stream sink (recorder, meter, ...) dropped because it fell behind")
                .register(registry);
    }

    /** Where other parts of the node (the control-plane agent) register their own meters. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
