package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventBatch;
import dev.liveplane.api.node.model.StreamEventsAccepted;
import dev.liveplane.media.fleet.spool.Answer;
import dev.liveplane.media.fleet.spool.RecordKind;
import dev.liveplane.media.server.stream.StreamKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stream events as the spooled reporter carries them: spooled as the spec's {@code StreamEvent} JSON (its id, chosen
 * once by the node and kept across replays, is what the control plane de-duplicates on, so a replayed event is
 * recorded once), posted as a {@code StreamEventBatch}, the answer read into what the reporter does next, and this
 * process's answered events handed to the {@link PublishedStreams} the heartbeat lists.
 */
final class StreamEventSender implements RecordKind<StreamEvent> {

    private static final Logger log = LoggerFactory.getLogger(StreamEventSender.class);

    private final ControlPlaneClient client;
    private final Registration registration;
    private final PublishedStreams published;
    private final Consumer<String> deleted;
    private final Executor agent;
    private NodeIdentity ready;

    StreamEventSender(ControlPlaneClient client, Registration registration, PublishedStreams published,
            Consumer<String> deleted, Executor agent) {
        this.agent = agent;
        this.client = client;
        this.registration = registration;
        this.published = published;
        this.deleted = deleted;
    }

    @Override
    public byte[] encode(StreamEvent event) {
        return NodeJson.write(event).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public StreamEvent decode(byte[] bytes) throws IOException {
        return NodeJson.MAPPER.readValue(bytes, StreamEvent.class);
    }

    @Override
    public boolean ready() {
        ready = registration.identityOrRegister();
        return ready != null;
    }

    @Override
    public CompletableFuture<Answer> send(List<StreamEvent> batch) {
        NodeIdentity used = ready;
        StreamEventBatch body = new StreamEventBatch();
        body.setEvents(new ArrayList<>(batch));
        // Answered on the agent's thread: a 401 or a 410 changes the registration, which is that thread's.
        return client.events(used, NodeJson.write(body)).handleAsync((response, error) -> error != null
                ? new Answer.Retry("control plane unreachable: " + AgentLoop.rootMessage(error))
                : answer(used, response, batch.size()), agent);
    }

    private Answer answer(NodeIdentity used, HttpResponse<String> response, int size) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Answer.Accepted(setAside(response.body(), size));
        }
        if (status == 410) {
            deleted.accept(used.nodeId());
            return new Answer.Stop();
        }
        if (status == 401 || status == 403) {
            registration.credentialRejected(used, status);
            return new Answer.Retry(null);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new Answer.Refused("HTTP " + status + ": " + response.body());
        }
        return new Answer.Retry("HTTP " + status);
    }

    /** The events a 202 names as set aside, by their place in the batch. */
    private static Map<Integer, String> setAside(String body, int size) {
        List<RejectedStreamEvent> rejected;
        try {
            rejected = NodeJson.read(body, StreamEventsAccepted.class).getRejected();
        } catch (IOException | RuntimeException e) {
            // An answer the spec does not describe cannot name what it set aside; the batch was recorded (2xx).
            log.warn("event=stream_events_answer_unreadable batch={} reason=\"{}\"", size, e.getMessage());
            return Map.of();
        }
        Map<Integer, String> byIndex = new LinkedHashMap<>();
        if (rejected != null) {
            for (RejectedStreamEvent event : rejected) {
                if (event.getIndex() != null && event.getIndex() >= 0 && event.getIndex() < size) {
                    byIndex.put(event.getIndex(), event.getReason() == null ? "" : event.getReason());
                }
            }
        }
        return byIndex;
    }

    @Override
    public void taken() {
        published.batchTaken();
    }

    @Override
    public void answered(List<StreamEvent> part, boolean batchDone) {
        // The node's own record of each event (this import shadows it with the wire type).
        List<dev.liveplane.media.fleet.StreamEvent> events = new ArrayList<>(part.size());
        for (StreamEvent event : part) {
            events.add(new dev.liveplane.media.fleet.StreamEvent(event.getId(), event.getType().getValue(),
                    new StreamKey(event.getDomain(), event.getApp(), event.getStream()), event.getDomainId(),
                    event.getAt().toInstant(), null, event.getReason()));
        }
        if (batchDone) {
            published.batchAnswered(events);
        } else {
            published.partAnswered(events);
        }
    }

    @Override
    public String describe(StreamEvent event) {
        return event.getType() + " " + event.getDomain() + "/" + event.getApp() + "/" + event.getStream() + " id="
                + event.getId();
    }
}
