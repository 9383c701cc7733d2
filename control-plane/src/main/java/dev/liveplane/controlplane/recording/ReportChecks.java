package dev.liveplane.controlplane.recording;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Says what keeps a node's recording report, one that fits the spec's schema, from being indexed: a {@code file}
 * without its file fields or a {@code failed} without its reason, times the columns cannot hold or out of order, a
 * domain that is not the tenant's push domain of that name, a key outside the domain's prefix or with the wrong
 * extension for its format, a session id already naming another stream's session.
 */
final class ReportChecks {

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** The extension of each format's object: the file itself, or for hls its playlist. */
    static final Map<String, String> EXTENSIONS = Map.of("flv", ".flv", "mp4", ".mp4", "hls", ".m3u8");

    private ReportChecks() {
    }

    /** Why the report cannot be indexed, or null when it can. */
    static @Nullable String problem(RecordingReports.Report report, @Nullable RecordingIndex.Owner owner,
            @Nullable RecordingIndex.SessionKey session) {
        String fields = RecordingReports.FILE.equals(report.type()) ? missingFileFields(report)
                : report.reason() == null || report.reason().isBlank() ? "reason: must be set in a failed report"
                : null;
        if (fields != null) {
            return fields;
        }
        String times = times(report);
        if (times != null) {
            return times;
        }
        if (owner == null) {
            return "domainId: no domain has id " + report.domainId() + " (deleted since?)";
        }
        if (!owner.tenantId().equals(report.tenantId())) {
            return "tenantId: domain " + report.domain() + " (" + report.domainId() + ") belongs to another tenant";
        }
        if (!owner.push()) {
            return "domainId: " + owner.name() + " is not a push domain";
        }
        if (!owner.name().equalsIgnoreCase(report.domain())) {
            return "domain: domain " + report.domainId() + " is " + owner.name() + ", not " + report.domain();
        }
        if (RecordingReports.FILE.equals(report.type())) {
            return fileProblem(report, owner, session);
        }
        return null;
    }

    private static String fileProblem(RecordingReports.Report report, RecordingIndex.Owner owner,
            @Nullable RecordingIndex.SessionKey session) {
        if (!report.key().startsWith(owner.name() + "/")) {
            return "key: must lie under the domain's prefix " + owner.name() + "/";
        }
        String extension = EXTENSIONS.get(report.format());
        if (!report.key().toLowerCase(Locale.ROOT).endsWith(extension)) {
            return "key: a " + report.format() + " file's key ends with " + extension;
        }
        if (session != null && !session.sameStream(report)) {
            return "sessionId: " + report.sessionId() + " is a session of another stream";
        }
        return null;
    }

    private static String missingFileFields(RecordingReports.Report report) {
        List<String> missing = new ArrayList<>();
        addIfNull(missing, "sequence", report.sequence());
        addIfNull(missing, "format", report.format());
        addIfNull(missing, "key", report.key());
        addIfNull(missing, "bytes", report.bytes());
        addIfNull(missing, "durationMs", report.durationMs());
        addIfNull(missing, "endedAt", report.endedAt());
        return missing.isEmpty() ? null : String.join(", ", missing) + ": must be set in a file report";
    }

    private static void addIfNull(List<String> missing, String field, Object value) {
        if (value == null) {
            missing.add(field);
        }
    }

    private static String times(RecordingReports.Report report) {
        if (report.startedAt().isBefore(EARLIEST) || report.startedAt().isAfter(LATEST)) {
            return "startedAt: must be between " + EARLIEST + " and " + LATEST;
        }
        Instant ended = report.endedAt();
        if (ended != null && (ended.isBefore(report.startedAt()) || ended.isAfter(LATEST))) {
            return "endedAt: must not be before startedAt nor after " + LATEST;
        }
        return null;
    }
}
