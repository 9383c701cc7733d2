package dev.liveplane.media.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.liveplane.media.server.stream.StreamKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the stream events the control plane has answered into the list of streams this node publishes that each
 * heartbeat carries ({@code published} of api/openapi.yaml's NodeHeartbeat), so that the control plane's online list
 * converges to what the node really serves: after a restart (the list starts empty), after the control plane judged
 * the node lost, after an event the queue had to drop.
 *
 * <p>The list follows events, not the stream registry, so that it never runs ahead of them: a stream whose publish
 * is still queued is not listed, one whose unpublish is still queued still is, and a heartbeat sent while no batch is
 * unanswered (and no batch sent while it is out) agrees with every event the control plane recorded. An event the
 * queue dropped counts as answered once everything older is: it will never arrive, and the list must not wait for
 * it. Thread-safe: the agent's thread answers batches, event loops drop events.
 */
final class PublishedStreams {

    /** The spec's limits: an entry past them would make the control plane refuse the whole heartbeat. */
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_APP = 64;
    private static final int MAX_STREAM = 128;

    private final Map<StreamKey, Instant> published = new LinkedHashMap<>();
    /** The last dropped event of each stream, newer than the batch in flight, to apply when it is answered. */
    private final Map<StreamKey, StreamEvent> droppedAfterBatch = new HashMap<>();
    private boolean batchOut;

    /** A batch left the queue for the control plane; called under the queue's lock, as {@link #dropped} is. */
    synchronized void batchTaken() {
        batchOut = true;
    }

    /** The control plane answered the batch taken last (accepted it, or refused it for good). */
    synchronized void batchAnswered(List<StreamEvent> batch) {
        batch.forEach(this::apply);
        // Every dropped event is newer than the batch: it was behind it in the queue.
        droppedAfterBatch.values().forEach(this::apply);
        droppedAfterBatch.clear();
        batchOut = false;
    }

    /** Part of a batch the control plane refused whole was answered; the rest of it is still to be sent. */
    synchronized void partAnswered(List<StreamEvent> part) {
        part.forEach(this::apply);
    }

    /** The queue was full and gave {@code event} up; it was older than everything still queued. */
    synchronized void dropped(StreamEvent event) {
        if (batchOut) {
            droppedAfterBatch.put(event.key(), event);
        } else {
            apply(event);
        }
    }

    /** The list, one {@code PublishedStream} of the spec each. */
    synchronized List<dev.liveplane.api.node.model.PublishedStream> entries() {
        List<dev.liveplane.api.node.model.PublishedStream> entries = new ArrayList<>(published.size());
        published.forEach((key, startedAt) -> {
            if (key.domain().length() <= MAX_DOMAIN && key.app().length() <= MAX_APP
                    && key.stream().length() <= MAX_STREAM) {
                entries.add(new dev.liveplane.api.node.model.PublishedStream().domain(key.domain()).app(key.app())
                        .stream(key.stream()).startedAt(startedAt.atOffset(ZoneOffset.UTC)));
            }
        });
        return entries;
    }

    /** Writes the list into {@code streams} as JSON, one {@code PublishedStream} each. */
    void writeTo(ArrayNode streams) {
        entries().forEach(entry -> streams.add(NodeJson.MAPPER.valueToTree(entry)));
    }

    synchronized int size() {
        return published.size();
    }

    private void apply(StreamEvent event) {
        if ("publish".equals(event.type())) {
            published.put(event.key(), event.at());
        } else {
            published.remove(event.key());
        }
    }
}
