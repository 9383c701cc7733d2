package dev.liveplane.controlplane.recording;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.callback.WebhookEnqueuer;
import dev.liveplane.controlplane.callback.WebhookEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a node's recording reports (node/ serves the route and reads the wire types): each is checked on its own
 * ({@link ReportChecks}), and in one transaction the fresh ones (a report id the node sent before is a replay) are
 * remembered, each {@code file} indexed with its session, and {@code record_done} or {@code record_failed} enqueued
 * for the domain's webhooks. A failure any batch would meet rolls it all back; the node sends it again.
 */
@Singleton
public final class RecordingReports {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingReports.class);
    static final String FILE = "file";
    static final String FAILED = "failed";

    private final TransactionOperations<Connection> transactions;
    private final RecordingIndex index;
    private final WebhookEnqueuer webhooks;

    RecordingReports(TransactionOperations<Connection> transactions, RecordingIndex index, WebhookEnqueuer webhooks) {
        this.transactions = transactions;
        this.index = index;
        this.webhooks = webhooks;
    }

    /** One report of a node's batch, read from the wire; the type's other fields may be missing. */
    public record Report(int index, String id, String type, String tenantId, String domainId, String domain,
            String app, String stream, String sessionId, @Nullable Integer sequence, @Nullable String format,
            @Nullable String key, @Nullable Long bytes, @Nullable Long durationMs, Instant startedAt,
            @Nullable Instant endedAt, @Nullable VideoTrack video, @Nullable AudioTrack audio,
            @Nullable String reason) {
    }

    /** A report set aside: where it was in the batch, its id and why. */
    public record Refused(int index, String reportId, String reason) {
    }

    /** How many reports were indexed now (replays excluded), and those set aside. */
    public record Outcome(int accepted, List<Refused> refused) {
    }

    public Outcome ingest(String nodeId, List<Report> reports) {
        Instant now = Times.now();
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Map<String, RecordingIndex.Owner> owners = index.owners(connection,
                    reports.stream().map(Report::domainId).toList());
            Map<String, RecordingIndex.SessionKey> sessions = index.sessions(connection,
                    reports.stream().map(Report::sessionId).toList());
            Set<String> seen = index.seen(connection, nodeId, reports.stream().map(Report::id).toList());
            List<Refused> refused = new ArrayList<>();
            Map<String, Report> fresh = new LinkedHashMap<>();
            for (Report report : reports) {
                String problem = ReportChecks.problem(report, owners.get(report.domainId()),
                        sessions.get(report.sessionId()));
                if (problem != null) {
                    refused.add(new Refused(report.index(), report.id(), problem));
                    continue;
                }
                if (FILE.equals(report.type())) {
                    // A session this batch opens binds its stream for the batch's later reports too.
                    sessions.putIfAbsent(report.sessionId(), RecordingIndex.SessionKey.of(report));
                }
                if (!seen.contains(report.id())) {
                    fresh.putIfAbsent(report.id(), report);
                }
            }
            List<Report> accepted = List.copyOf(fresh.values());
            index.remember(connection, nodeId, accepted, now);
            List<RecordingRow> files = index.add(connection, nodeId, accepted.stream()
                    .filter(r -> FILE.equals(r.type())).toList(), now);
            List<Report> failures = accepted.stream().filter(r -> FAILED.equals(r.type())).toList();
            webhooks.enqueue(events(nodeId, now, files, failures));
            if (!accepted.isEmpty()) {
                LOG.info("recording reports indexed node={} files={} failed={} refused={}", nodeId, files.size(),
                        accepted.size() - files.size(), refused.size());
            }
            return new Outcome(accepted.size(), refused);
        });
    }

    private static List<WebhookEvent> events(String nodeId, Instant now, List<RecordingRow> files,
            List<Report> failures) {
        List<WebhookEvent> events = new ArrayList<>(files.size() + failures.size());
        for (RecordingRow file : files) {
            events.add(new WebhookEvent(file.tenantId(), file.domainId(), "record_done",
                    RecordingWebhooks.done(file)));
        }
        for (Report failure : failures) {
            events.add(new WebhookEvent(failure.tenantId(), failure.domainId(), "record_failed",
                    RecordingWebhooks.failed(nodeId, failure, now)));
        }
        return events;
    }
}
