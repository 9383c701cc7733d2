package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventBatch;
import dev.liveplane.api.node.model.StreamEventsAccepted;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.fleet.spool.Answer;
import dev.liveplane.media.fleet.spool.RecordKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Stream events as the spooled reporter carries them: spooled as the spec's {@code StreamEvent} JSON (its id, chosen
 * once by the node and kept across replays, is what the control plane de-duplicates on, so a replayed event is
 * recorded once), posted as a {@code StreamEventBatch} ({@link NodeBatchPost} reads the answer), and this
 * process's answered events handed to the {@link PublishedStreams} the heartbeat lists.
 */
final class StreamEventSender implements RecordKind<StreamEvent> {

    private final NodeBatchPost post;
    private final PublishedStreams published;

    StreamEventSender(ControlPlaneClient client, Registration registration, PublishedStreams published,
            Consumer<String> deleted, Executor agent) {
        this.post = new NodeBatchPost("events", client::events,
                body -> NodeJson.read(body, StreamEventsAccepted.class).getRejected(), registration, deleted, agent);
        this.published = published;
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
        return post.ready();
    }

    @Override
    public CompletableFuture<Answer> send(List<StreamEvent> batch) {
        StreamEventBatch body = new StreamEventBatch();
        body.setEvents(new ArrayList<>(batch));
        return post.post(NodeJson.write(body), batch.size());
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
