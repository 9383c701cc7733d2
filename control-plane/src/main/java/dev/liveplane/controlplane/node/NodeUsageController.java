package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.api.node.model.UsageRecordsAccepted;
import dev.liveplane.controlplane.usage.UsageCounted;
import dev.liveplane.controlplane.usage.UsageRecorder;
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
 * Serves {@code POST /internal/v1/nodes/{id}/usage}: the node credential is checked by
 * {@link NodeAuthenticationFilter}, each record on its own ({@link UsageRecordReader}), and the records are counted
 * by the usage feature's group commit ({@link UsageRecorder}) without holding a thread while they wait. Records set
 * aside are kept for the operator beside the node's rejected stream events ({@link RejectedEventLog}).
 */
@Controller
class NodeUsageController {

    private final UsageRecordReader reader;
    private final UsageRecorder recorder;
    private final RejectedEventLog rejectedRecords;
    private final Executor blocking;

    NodeUsageController(UsageRecordReader reader, UsageRecorder recorder, RejectedEventLog rejectedRecords,
            @Named(TaskExecutors.BLOCKING) Executor blocking) {
        this.reader = reader;
        this.recorder = recorder;
        this.rejectedRecords = rejectedRecords;
        this.blocking = blocking;
    }

    @Post("/internal/v1/nodes/{id}/usage")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    CompletableFuture<HttpResponse<UsageRecordsAccepted>> reportUsage(HttpRequest<?> request,
            @PathVariable("id") @NotNull @Size(max = 64) String id, @Body @NotNull JsonNode batch) {
        String nodeId = CurrentNode.node(request).nodeId();
        UsageRecordReader.Read read = reader.read(batch);
        return recorder.record(nodeId, read.records()).thenCompose(counted -> {
            List<RejectedEvent> rejected = new ArrayList<>(read.rejected());
            for (UsageCounted.Refused refused : counted.refused()) {
                rejected.add(new RejectedEvent(refused.index(), refused.recordId(), refused.reason(),
                        reader.text(read.items().get(refused.index()))));
            }
            rejected.sort(Comparator.comparingInt(RejectedEvent::index));
            if (rejected.isEmpty()) {
                return CompletableFuture.completedFuture(answer(counted, rejected));
            }
            // Saving set-aside records is a transaction of its own: on the blocking executor, never on a usage
            // writer or an event loop.
            return CompletableFuture.supplyAsync(() -> {
                rejectedRecords.save(nodeId, rejected);
                return answer(counted, rejected);
            }, blocking);
        });
    }

    private static HttpResponse<UsageRecordsAccepted> answer(UsageCounted counted, List<RejectedEvent> rejected) {
        return HttpResponse.status(HttpStatus.ACCEPTED).body(new UsageRecordsAccepted().accepted(counted.accepted())
                .rejected(rejected.stream().map(r -> new RejectedStreamEvent().index(r.index()).id(r.eventId())
                        .reason(r.reason())).toList()));
    }
}
