package dev.liveplane.bench.fleet;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventBatch;
import dev.liveplane.api.node.model.StreamEventType;
import dev.liveplane.api.node.model.VideoTrack;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends stream events at a fixed rate, open loop: publish/unpublish pairs spread round-robin over the nodes, each
 * request a batch of {@code batchSize} events with ids unique in the run, and records each request's latency.
 */
final class EventLoad {

    static final String EVENTS = "events";

    /** What one run achieved. */
    record Result(long events, long accepted, long requests, long failedRequests, long behind, double seconds,
            LatencySummary latency) {

        double eventsPerSecond() {
            return seconds <= 0 ? 0 : accepted / seconds;
        }
    }

    private final List<SimulatedNode> nodes;
    private final ErrorCounts counts;
    private final String domain;
    private final String runId;
    private final int[] sequence;

    EventLoad(List<SimulatedNode> nodes, ErrorCounts counts, String domain, String runId) {
        this.nodes = nodes;
        this.counts = counts;
        this.domain = domain;
        this.runId = runId;
        this.sequence = new int[nodes.size()];
    }

    /**
     * Sends for {@code seconds} at {@code eventsPerSecond}, with at most {@code maxInFlight} requests outstanding; a
     * request that would exceed it waits for the next tick, and those due but still unsent at the end are reported as
     * behind.
     */
    Result run(int eventsPerSecond, int seconds, int batchSize, int maxInFlight) throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        LongAdder accepted = new LongAdder();
        LongAdder failed = new LongAdder();
        LatencyRecorder latencies = new LatencyRecorder(eventsPerSecond * seconds / batchSize + 16);
        double requestsPerSecond = eventsPerSecond / (double) batchSize;
        long duration = TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        long sent = 0;
        long due = 0;
        long now;
        while ((now = System.nanoTime()) - start < duration) {
            due = (long) ((now - start) / 1e9 * requestsPerSecond);
            while (sent < due && inFlight.tryAcquire()) {
                send(sent++, batchSize, inFlight, accepted, failed, latencies);
            }
            LockSupport.parkNanos(500_000);
        }
        long behind = Math.max(0, due - sent);
        if (!inFlight.tryAcquire(maxInFlight, 30, TimeUnit.SECONDS)) {
            failed.add(maxInFlight - inFlight.availablePermits());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(sent * batchSize, accepted.sum(), sent, failed.sum(), behind * batchSize, elapsed,
                latencies.summary(Duration.ofMillis(100).toNanos()));
    }

    private void send(long request, int batchSize, Semaphore inFlight, LongAdder accepted, LongAdder failed,
            LatencyRecorder latencies) {
        int index = (int) (request % nodes.size());
        SimulatedNode node = nodes.get(index);
        List<StreamEvent> events = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            events.add(event(index));
        }
        counts.request(EVENTS);
        long started = System.nanoTime();
        node.http().send("POST", "/internal/v1/nodes/" + ControlPlaneHttp.segment(node.id()) + "/events",
                node.credential(), ControlPlaneHttp.body(new StreamEventBatch().events(events)),
                Duration.ofSeconds(30)).whenComplete((reply, error) -> {
                    if (error != null) {
                        counts.failure(EVENTS, error);
                        failed.increment();
                    } else if (reply.status() != 202) {
                        counts.failure(EVENTS, "status " + reply.status());
                        failed.increment();
                    } else {
                        latencies.add(reply.receivedNanos() - started);
                        accepted.add(reply.json() != null && reply.json().has("accepted")
                                ? reply.json().get("accepted").asLong() : 0);
                    }
                    inFlight.release();
                });
    }

    /** The node's next event: publish of its next stream, then that stream's unpublish. Driver thread only. */
    private StreamEvent event(int index) {
        int seq = sequence[index]++;
        String id = runId + "-" + index + "-" + seq;
        String stream = "n" + index + "-" + seq / 2;
        if (seq % 2 == 0) {
            return publish(id, domain, stream, index);
        }
        return new StreamEvent().id(id).type(StreamEventType.UNPUBLISH).domain(domain).app("live").stream(stream)
                .at(OffsetDateTime.now(ZoneOffset.UTC)).reason("ended");
    }

    /** A publish of {@code live/stream} on node {@code index} as OBS's 720p default would report it. */
    static StreamEvent publish(String id, String domain, String stream, int index) {
        return new StreamEvent().id(id).type(StreamEventType.PUBLISH).domain(domain).app("live").stream(stream)
                .at(OffsetDateTime.now(ZoneOffset.UTC)).clientAddress("198.51.100." + (index % 254 + 1))
                .bitrateKbps(2500).video(new VideoTrack().codec("h264").width(1280).height(720).frameRate(30.0))
                .audio(new AudioTrack().codec("aac").sampleRate(48000).channels(2));
    }
}
