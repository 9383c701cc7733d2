package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.RecordingReport;
import dev.liveplane.controlplane.recording.RecordingReports;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the body of a node's recording call into the reports to index, each checked against the spec's
 * {@code RecordingReport} schema ({@link NodeRequestSchemas}) and read into the api module's wire type on its own,
 * codec names normalized as for stream events, and the reports set aside with why. Only a body that is not a batch
 * at all is refused whole, as for stream events and usage.
 */
@Singleton
final class RecordingReportReader {

    static final int MAX_REPORTS = 500;

    private final JsonMapper json;
    private final NodeRequestSchemas schemas;

    RecordingReportReader(JsonMapper json, NodeRequestSchemas schemas) {
        this.json = json;
        this.schemas = schemas;
    }

    Read read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a RecordingReportBatch object");
        }
        JsonNode reports = body.get("reports");
        if (body.size() > (reports == null ? 0 : 1)) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body's only property must be reports");
        }
        if (reports == null || !reports.isArray()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body's reports must be an array");
        }
        if (reports.size() < 1 || reports.size() > MAX_REPORTS) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "reports",
                    "must hold 1 to " + MAX_REPORTS + " reports");
        }
        List<RecordingReports.Report> checked = new ArrayList<>(reports.size());
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            JsonNode item = reports.get(i);
            String problem;
            try {
                problem = schemas.violations("RecordingReport", item).stream().map(Object::toString)
                        .collect(Collectors.joining("; "));
                if (problem.isEmpty()) {
                    RecordingReport report = json.readValueFromTree(item, RecordingReport.class);
                    problem = StreamEventReader.trackProblem(report.getVideo(), report.getAudio());
                    if (problem == null) {
                        checked.add(report(i, report));
                    }
                }
            } catch (IOException | RuntimeException e) {
                problem = "unreadable: " + NodeRequestSchemas.firstLine(e.getMessage());
            }
            if (problem != null && !problem.isEmpty()) {
                rejected.add(new RejectedEvent(i, StreamEventReader.idOf(item),
                        StreamEventReader.cut(problem, StreamEventReader.MAX_REASON_CHARS), text(item)));
            }
        }
        return new Read(checked, rejected, reports);
    }

    private static RecordingReports.Report report(int index, RecordingReport r) {
        StreamEventReader.normalize(r.getVideo(), r.getAudio());
        return new RecordingReports.Report(index, r.getId(), r.getType().getValue(), r.getTenantId(),
                r.getDomainId(), r.getDomain(), r.getApp(), r.getStream(), r.getSessionId(), r.getSequence(),
                r.getFormat() == null ? null : r.getFormat().getValue(), r.getKey(), r.getBytes(), r.getDurationMs(),
                r.getStartedAt().toInstant(), instant(r.getEndedAt()), r.getVideo(), r.getAudio(), r.getReason());
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    String text(JsonNode item) {
        return StreamEventReader.text(json, item);
    }

    /** The batch read: reports to index, reports set aside, and the batch's items (the JSON of later refusals). */
    record Read(List<RecordingReports.Report> reports, List<RejectedEvent> rejected, JsonNode items) {
    }
}
