package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.UsageRecord;
import dev.liveplane.controlplane.usage.MeteredUsage;
import dev.liveplane.controlplane.usage.UsageKind;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the body of a node's usage call into the records to count, each checked against the spec's
 * {@code UsageRecord} schema ({@link NodeRequestSchemas}) and read into the api module's wire type on its own, and
 * the records set aside with why. Only a body that is not a batch at all is refused whole, as for stream events.
 */
@Singleton
final class UsageRecordReader {

    static final int MAX_RECORDS = 1000;

    private final JsonMapper json;
    private final NodeRequestSchemas schemas;

    UsageRecordReader(JsonMapper json, NodeRequestSchemas schemas) {
        this.json = json;
        this.schemas = schemas;
    }

    /** The batch's records in order, each either checked or rejected, and each one's JSON for the rejected log. */
    Read read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a UsageRecordBatch object");
        }
        JsonNode records = body.get("records");
        if (body.size() > (records == null ? 0 : 1)) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body's only property must be records");
        }
        if (records == null || !records.isArray()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body's records must be an array");
        }
        if (records.size() < 1 || records.size() > MAX_RECORDS) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "records",
                    "must hold 1 to " + MAX_RECORDS + " records");
        }
        List<MeteredUsage> checked = new ArrayList<>(records.size());
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode item = records.get(i);
            MeteredUsage plain = UsageRecordFastPath.read(i, item);
            if (plain != null) {
                checked.add(plain);
                continue;
            }
            String problem;
            try {
                problem = schemas.violations("UsageRecord", item).stream().map(Object::toString)
                        .collect(Collectors.joining("; "));
                if (problem.isEmpty()) {
                    checked.add(metered(i, json.readValueFromTree(item, UsageRecord.class)));
                }
            } catch (IOException | RuntimeException e) {
                problem = "unreadable: " + NodeRequestSchemas.firstLine(e.getMessage());
            }
            if (!problem.isEmpty()) {
                rejected.add(new RejectedEvent(i, StreamEventReader.idOf(item),
                        StreamEventReader.cut(problem, StreamEventReader.MAX_REASON_CHARS), text(item)));
            }
        }
        return new Read(checked, rejected, records);
    }

    private static MeteredUsage metered(int index, UsageRecord r) {
        return new MeteredUsage(index, r.getId(), r.getTenantId(), r.getDomainId(), r.getDomain(), r.getApp(),
                r.getStream(), UsageKind.valueOf(r.getProtocol().name()), r.getBucketStart().toInstant(),
                r.getBytes(), r.getViewerSeconds(), r.getPeakViewers());
    }

    String text(JsonNode item) {
        return StreamEventReader.text(json, item);
    }

    /** The batch read: records to count, records set aside, and the batch's items (the JSON of later refusals). */
    record Read(List<MeteredUsage> records, List<RejectedEvent> rejected, JsonNode items) {
    }
}
