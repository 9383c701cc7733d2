package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.api.node.model.StreamEventBatch;
import dev.liveplane.api.node.model.StreamEventsAccepted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the node's stream events into ordered batches posted to the control plane: queued from event loops in a
 * bounded queue (the oldest gives way when full), sent from the agent's thread one batch at a time. A 5xx or a
 * network error sends the same batch again with backoff; a batch refused whole (400, 413, 422) is split in halves
 * down to the event at fault, which alone is dropped, counted and logged once; events the control plane names as
 * rejected in its 202 are counted and logged too. Nothing refused for good is ever sent again.
 */
final class StreamEventReporter {

    private static final Logger log = LoggerFactory.getLogger(StreamEventReporter.class);
    static final int BATCH = 500;

    /** What the reporter needs of the agent; called on the agent's thread. */
    interface Link {
        /** The identity to call with, or null while the node registers (which this starts). */
        NodeIdentity identityOrRegister();

        /** A 401 or 403 on a call made as {@code used}. */
        void credentialRejected(NodeIdentity used, int status);

        /** Reports the loop's problem, or clears it with null. */
        void problem(String reason);

        /** Whether a heartbeat listing the published streams is out: a batch sent now could overtake its list. */
        boolean holdBatches();

        /** A 410 {@code node-deleted} on a call made as {@code used}. */
        void nodeDeleted(NodeIdentity used);
    }

    private final ControlPlaneClient client;
    private final Link link;
    private final PublishedStreams published;
    private final Executor agent;
    private final int queueLimit;
    private final Backoff backoff;

    // Filled on event loops, emptied on the agent's thread.
    private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private Counter dropped;
    private Counter refused;
    private long droppedBeforeStart;

    // Agent thread only: batches taken from the queue, in order; a refused one is replaced by its halves.
    private final Deque<List<StreamEvent>> pending = new ArrayDeque<>();
    private boolean sending;
    private long nextAttemptNanos;
    private volatile boolean closed;

    StreamEventReporter(ControlPlaneClient client, Link link, PublishedStreams published, Executor agent,
            int queueLimit, Backoff backoff) {
        this.client = client;
        this.link = link;
        this.published = published;
        this.agent = agent;
        this.queueLimit = queueLimit;
        this.backoff = backoff;
    }

    /** Registers the reporter's meters; on the agent's thread, before the first flush. */
    void start(MeterRegistry meters) {
        Gauge.builder("liveplane_fleet_events_queued", queued, AtomicInteger::get)
                .description("Stream events waiting to be sent").register(meters);
        dropped = Counter.builder("liveplane_fleet_events_dropped")
                .description("Stream events dropped because the queue was full").register(meters);
        refused = Counter.builder("liveplane_fleet_events_rejected")
                .description("Stream events the control plane refused for good (dropped, not sent again)")
                .register(meters);
        synchronized (queue) {
            dropped.increment(droppedBeforeStart);
        }
    }

    /** On an event loop: never waits beyond a short lock; when full the oldest event gives way. */
    void enqueue(StreamEvent event) {
        boolean full = false;
        synchronized (queue) {
            if (queue.size() >= queueLimit) {
                published.dropped(queue.pollFirst());
                full = true;
            }
            queue.addLast(event);
            queued.set(queue.size());
            if (full && dropped == null) {
                droppedBeforeStart++;
                full = false;
            }
        }
        if (full) {
            dropped.increment();
        }
    }

    /** Sends the next batch unless one is on its way or the backoff holds; on the agent's thread. */
    void flush() {
        if (closed || sending || link.holdBatches()) {
            return;
        }
        if (pending.isEmpty()) {
            synchronized (queue) {
                if (queue.isEmpty()) {
                    return;
                }
                List<StreamEvent> batch = new ArrayList<>(Math.min(queue.size(), BATCH));
                while (batch.size() < BATCH && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
                queued.set(queue.size());
                pending.addLast(batch);
                published.batchTaken();
            }
        }
        if (System.nanoTime() - nextAttemptNanos < 0) {
            return;
        }
        NodeIdentity used = link.identityOrRegister();
        if (used == null) {
            return;
        }
        List<StreamEvent> batch = pending.peekFirst();
        sending = true;
        client.events(used, body(batch)).whenCompleteAsync((response, error) -> {
            sending = false;
            if (!closed) {
                answered(used, batch, response, error);
            }
        }, agent);
    }

    private void answered(NodeIdentity used, List<StreamEvent> batch, HttpResponse<String> response,
            Throwable error) {
        int status = error == null ? response.statusCode() : -1;
        if (status / 100 == 2) {
            backoff.reset();
            link.problem(null);
            pending.pollFirst();
            countRejected(response.body(), batch);
            answeredFor(batch);
            flush(); // more may be waiting; the next batch goes at once
        } else if (status == 410) {
            link.nodeDeleted(used);
        } else if (status == 401 || status == 403) {
            link.credentialRejected(used, status);
            nextAttemptNanos = System.nanoTime() + backoff.next().toNanos();
        } else if (status == 400 || status == 413 || status == 422) {
            // Refused for good: sending it again would stop every later event. Only the event at fault goes.
            pending.pollFirst();
            if (batch.size() > 1) {
                pending.addFirst(batch.subList(batch.size() / 2, batch.size()));
                pending.addFirst(batch.subList(0, batch.size() / 2));
            } else {
                refused.increment();
                log.error("event=stream_event_refused id={} type={} stream={} status={} body=\"{}\"",
                        batch.get(0).id(), batch.get(0).type(), batch.get(0).key(), status,
                        abbreviate(response.body()));
                answeredFor(batch);
            }
            flush();
        } else {
            link.problem(error != null ? "control plane unreachable: " + AgentLoop.rootMessage(error)
                    : "HTTP " + status);
            nextAttemptNanos = System.nanoTime() + backoff.next().toNanos();
        }
    }

    /** Tells the published list that {@code part} is answered, the whole batch once no part of it is pending. */
    private void answeredFor(List<StreamEvent> part) {
        if (pending.isEmpty()) {
            published.batchAnswered(part);
        } else {
            published.partAnswered(part);
        }
    }

    /** Counts the events a 202 names as set aside, and logs them in one line. */
    private void countRejected(String body, List<StreamEvent> batch) {
        List<RejectedStreamEvent> rejected;
        try {
            rejected = NodeJson.read(body, StreamEventsAccepted.class).getRejected();
        } catch (IOException | RuntimeException e) {
            // An answer the spec does not describe cannot name what it set aside; the batch was recorded (2xx).
            log.warn("event=stream_events_answer_unreadable batch={} reason=\"{}\"", batch.size(),
                    abbreviate(e.getMessage()));
            return;
        }
        if (rejected == null || rejected.isEmpty()) {
            return;
        }
        refused.increment(rejected.size());
        RejectedStreamEvent first = rejected.get(0);
        int index = first.getIndex() == null ? -1 : first.getIndex();
        log.warn("event=stream_events_rejected count={} batch={} first_id={} first_stream={} first_reason=\"{}\"",
                rejected.size(), batch.size(), first.getId() == null ? "-" : first.getId(),
                index >= 0 && index < batch.size() ? batch.get(index).key() : "-",
                abbreviate(first.getReason() == null ? "" : first.getReason()));
    }

    private static String body(List<StreamEvent> batch) {
        StreamEventBatch body = new StreamEventBatch();
        body.setEvents(new ArrayList<>(batch.size()));
        for (StreamEvent event : batch) {
            body.getEvents().add(event.toWire());
        }
        return NodeJson.write(body);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Whether no batch is out or waiting to be sent again; on the agent's thread. */
    boolean idle() {
        return pending.isEmpty() && !sending;
    }

    void close() {
        closed = true;
    }
}
