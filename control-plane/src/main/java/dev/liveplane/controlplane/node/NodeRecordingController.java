package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.RecordingReportsAccepted;
import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.controlplane.recording.RecordingReports;
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
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Serves {@code POST /internal/v1/nodes/{id}/recordings}: the node credential is checked by
 * {@link NodeAuthenticationFilter}, each report on its own ({@link RecordingReportReader}), and the recording feature
 * indexes them ({@link RecordingReports}). A node finishes a few files an hour per stream, so the call simply runs on
 * the blocking executor. Reports set aside are kept for the operator beside the node's rejected stream events.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class NodeRecordingController {

    private final RecordingReportReader reader;
    private final RecordingReports reports;
    private final RejectedEventLog rejectedRecords;

    NodeRecordingController(RecordingReportReader reader, RecordingReports reports,
            RejectedEventLog rejectedRecords) {
        this.reader = reader;
        this.reports = reports;
        this.rejectedRecords = rejectedRecords;
    }

    @Post("/internal/v1/nodes/{id}/recordings")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    HttpResponse<RecordingReportsAccepted> reportRecordings(HttpRequest<?> request,
            @PathVariable("id") @NotNull @Size(max = 64) String id, @Body @NotNull JsonNode batch) {
        String nodeId = CurrentNode.node(request).nodeId();
        RecordingReportReader.Read read = reader.read(batch);
        RecordingReports.Outcome outcome = reports.ingest(nodeId, read.reports());
        List<RejectedEvent> rejected = new ArrayList<>(read.rejected());
        for (RecordingReports.Refused refused : outcome.refused()) {
            rejected.add(new RejectedEvent(refused.index(), refused.reportId(), refused.reason(),
                    reader.text(read.items().get(refused.index()))));
        }
        rejected.sort(Comparator.comparingInt(RejectedEvent::index));
        rejectedRecords.save(nodeId, rejected);
        return HttpResponse.status(HttpStatus.ACCEPTED).body(new RecordingReportsAccepted()
                .accepted(outcome.accepted())
                .rejected(rejected.stream().map(r -> new RejectedStreamEvent().index(r.index()).id(r.eventId())
                        .reason(r.reason())).toList()));
    }
}
