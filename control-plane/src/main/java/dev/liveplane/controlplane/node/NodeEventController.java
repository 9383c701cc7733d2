package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.api.node.model.StreamEventsAccepted;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves {@code POST /internal/v1/nodes/{id}/events} without holding a thread while the events wait for their group
 * to commit ({@link StreamEventBatcher}): a thousand calls a second would otherwise be a thousand parked threads.
 */
@Controller
class NodeEventController {

    private final StreamEventReader reader;
    private final StreamEventBatcher batcher;
    private final RejectedEventLog rejectedRecords;
    private final Executor blocking;

    NodeEventController(StreamEventReader reader, StreamEventBatcher batcher, RejectedEventLog rejectedRecords,
            @Named(TaskExecutors.BLOCKING) Executor blocking) {
        this.reader = reader;
        this.batcher = batcher;
        this.rejectedRecords = rejectedRecords;
        this.blocking = blocking;
    }

    @Post("/internal/v1/nodes/{id}/events")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    CompletableFuture<HttpResponse<StreamEventsAccepted>> reportStreamEvents(HttpRequest<?> request,
            @PathVariable("id") @NotNull @Size(max = 64) String id, @Body @NotNull JsonNode batch) {
        // Read as a tree, not bound to StreamEventBatch: each event is checked on its own, so that one the control
        // plane cannot take is set aside instead of refusing (or failing) its whole batch.
        String nodeId = CurrentNode.node(request).nodeId();
        StreamEventReader.Read read = reader.read(batch);
        // Set-aside records are saved in a transaction of their own, on the blocking executor when the reader set
        // some aside; records the database refused (rare) are saved on the writer thread that answers.
        Executor answering = read.rejected().isEmpty() ? Runnable::run : blocking;
        return batcher.record(nodeId, read.events()).thenApplyAsync(outcome -> {
            List<RejectedEvent> rejected = new ArrayList<>(read.rejected());
            rejected.addAll(outcome.refused());
            rejected.sort(Comparator.comparingInt(RejectedEvent::index));
            rejectedRecords.save(nodeId, rejected);
            return HttpResponse.status(HttpStatus.ACCEPTED).body(new StreamEventsAccepted().accepted(outcome.accepted())
                    .rejected(rejected.stream().map(r -> new RejectedStreamEvent().index(r.index()).id(r.eventId())
                            .reason(r.reason())).toList()));
        }, answering);
    }
}
