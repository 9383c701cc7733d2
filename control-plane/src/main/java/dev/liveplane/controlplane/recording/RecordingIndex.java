package dev.liveplane.controlplane.recording;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.JdbcBatches;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of taking recording reports, on the connection of the caller's transaction, a fixed number of statements
 * per batch: who owns each domain, which sessions exist, which report ids the node sent before; then the report ids
 * remembered, the files inserted and their sessions opened or extended.
 */
@Singleton
final class RecordingIndex {

    private static final String INSERT_FILE = "INSERT INTO recordings (id, tenant_id, domain_id, domain, app, stream,"
            + " session_id, sequence, format, object_key, bytes, duration_ms, started_at, ended_at, video_codec,"
            + " video_width, video_height, video_frame_rate, audio_codec, audio_sample_rate, audio_channels, node_id,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SESSION = "INSERT INTO recording_sessions (id, tenant_id, domain_id, domain,"
            + " app, stream, node_id, started_at, ended_at, files, hls_files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String EXTEND_SESSION = "UPDATE recording_sessions SET files = files + ?,"
            + " hls_files = hls_files + ?, started_at = LEAST(started_at, ?), ended_at = GREATEST(ended_at, ?)"
            + " WHERE id = ?";

    /** Who holds a domain registration, its name, and whether it takes pushes. */
    record Owner(String tenantId, String name, boolean push) {
    }

    /** The stream a recording session belongs to. */
    record SessionKey(String tenantId, String domainId, String app, String stream) {

        static SessionKey of(RecordingReports.Report report) {
            return new SessionKey(report.tenantId(), report.domainId(), report.app(), report.stream());
        }

        boolean sameStream(RecordingReports.Report report) {
            return tenantId.equals(report.tenantId()) && domainId.equals(report.domainId())
                    && app.equals(report.app()) && stream.equals(report.stream());
        }
    }

    Map<String, Owner> owners(Connection connection, Collection<String> domainIds) throws SQLException {
        Map<String, Owner> owners = new HashMap<>();
        select(connection, "SELECT id, tenant_id, name, type FROM domains WHERE id IN", null, domainIds,
                row -> owners.put(row.getString(1), new Owner(row.getString(2), row.getString(3),
                        "push".equals(row.getString(4)))));
        return owners;
    }

    Map<String, SessionKey> sessions(Connection connection, Collection<String> sessionIds) throws SQLException {
        Map<String, SessionKey> sessions = new HashMap<>();
        select(connection, "SELECT id, tenant_id, domain_id, app, stream FROM recording_sessions WHERE id IN", null,
                sessionIds, row -> sessions.put(row.getString(1), new SessionKey(row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5))));
        return sessions;
    }

    /** The ids among {@code reportIds} the node has sent before. */
    Set<String> seen(Connection connection, String nodeId, Collection<String> reportIds) throws SQLException {
        Set<String> seen = new HashSet<>();
        select(connection, "SELECT report_id FROM recording_reports WHERE node_id = ? AND report_id IN", nodeId,
                reportIds, row -> seen.add(row.getString(1)));
        return seen;
    }

    void remember(Connection connection, String nodeId, List<RecordingReports.Report> reports, Instant now) {
        JdbcBatches.run(connection, "INSERT INTO recording_reports (node_id, report_id, received_at) VALUES (?, ?, ?)",
                reports, (statement, report) -> {
                    statement.setString(1, nodeId);
                    statement.setString(2, report.id());
                    JdbcBatches.setInstant(statement, 3, now);
                });
    }

    /** Indexes the files and opens or extends their sessions; answers the rows inserted, in the reports' order. */
    List<RecordingRow> add(Connection connection, String nodeId, List<RecordingReports.Report> files, Instant now)
            throws SQLException {
        List<RecordingRow> rows = files.stream().map(r -> row(nodeId, r, now)).toList();
        JdbcBatches.run(connection, INSERT_FILE, rows, RecordingIndex::bind);
        Map<String, List<RecordingRow>> bySession = new LinkedHashMap<>();
        rows.forEach(row -> bySession.computeIfAbsent(row.sessionId(), id -> new ArrayList<>()).add(row));
        Set<String> existing = sessions(connection, bySession.keySet()).keySet();
        List<List<RecordingRow>> opened = new ArrayList<>();
        List<List<RecordingRow>> extended = new ArrayList<>();
        bySession.forEach((id, sessionFiles) -> (existing.contains(id) ? extended : opened).add(sessionFiles));
        JdbcBatches.run(connection, INSERT_SESSION, opened, (statement, sessionFiles) -> {
            RecordingRow first = sessionFiles.get(0);
            statement.setString(1, first.sessionId());
            statement.setString(2, first.tenantId());
            statement.setString(3, first.domainId());
            statement.setString(4, first.domain());
            statement.setString(5, first.app());
            statement.setString(6, first.stream());
            statement.setString(7, nodeId);
            JdbcBatches.setInstant(statement, 8, earliest(sessionFiles));
            JdbcBatches.setInstant(statement, 9, latest(sessionFiles));
            statement.setInt(10, sessionFiles.size());
            statement.setInt(11, hls(sessionFiles));
        });
        JdbcBatches.run(connection, EXTEND_SESSION, extended, (statement, sessionFiles) -> {
            statement.setInt(1, sessionFiles.size());
            statement.setInt(2, hls(sessionFiles));
            JdbcBatches.setInstant(statement, 3, earliest(sessionFiles));
            JdbcBatches.setInstant(statement, 4, latest(sessionFiles));
            statement.setString(5, sessionFiles.get(0).sessionId());
        });
        return rows;
    }

    private static RecordingRow row(String nodeId, RecordingReports.Report r, Instant now) {
        VideoTrack video = r.video();
        AudioTrack audio = r.audio();
        return new RecordingRow(Ids.next(), r.tenantId(), r.domainId(), r.domain(), r.app(), r.stream(),
                r.sessionId(), r.sequence(), r.format(), r.key(), r.bytes(), r.durationMs(), r.startedAt(),
                r.endedAt(), video == null ? null : video.getCodec(), video == null ? null : video.getWidth(),
                video == null ? null : video.getHeight(), video == null ? null : video.getFrameRate(),
                audio == null ? null : audio.getCodec(), audio == null ? null : audio.getSampleRate(),
                audio == null ? null : audio.getChannels(), nodeId, now);
    }

    private static void bind(PreparedStatement statement, RecordingRow row) throws SQLException {
        statement.setString(1, row.id());
        statement.setString(2, row.tenantId());
        statement.setString(3, row.domainId());
        statement.setString(4, row.domain());
        statement.setString(5, row.app());
        statement.setString(6, row.stream());
        statement.setString(7, row.sessionId());
        statement.setInt(8, row.sequence());
        statement.setString(9, row.format());
        statement.setString(10, row.key());
        statement.setLong(11, row.bytes());
        statement.setLong(12, row.durationMs());
        JdbcBatches.setInstant(statement, 13, row.startedAt());
        JdbcBatches.setInstant(statement, 14, row.endedAt());
        statement.setString(15, row.videoCodec());
        JdbcBatches.setInteger(statement, 16, row.videoWidth());
        JdbcBatches.setInteger(statement, 17, row.videoHeight());
        if (row.videoFrameRate() == null) {
            statement.setNull(18, Types.DOUBLE);
        } else {
            statement.setDouble(18, row.videoFrameRate());
        }
        statement.setString(19, row.audioCodec());
        JdbcBatches.setInteger(statement, 20, row.audioSampleRate());
        JdbcBatches.setInteger(statement, 21, row.audioChannels());
        statement.setString(22, row.nodeId());
        JdbcBatches.setInstant(statement, 23, row.createdAt());
    }

    private static Instant earliest(List<RecordingRow> files) {
        return files.stream().map(RecordingRow::startedAt).min(Instant::compareTo).orElseThrow();
    }

    private static Instant latest(List<RecordingRow> files) {
        return files.stream().map(RecordingRow::endedAt).max(Instant::compareTo).orElseThrow();
    }

    private static int hls(List<RecordingRow> files) {
        return (int) files.stream().filter(RecordingRow::isHls).count();
    }

    /** Reads one result row. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** {@code sql (?, ?, ...)} over the distinct {@code ids}, after an optional first parameter. */
    private static void select(Connection connection, String sql, String first, Collection<String> ids,
            RowReader reader) throws SQLException {
        List<String> distinct = ids.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return;
        }
        try (PreparedStatement select = connection.prepareStatement(sql + " ("
                + String.join(", ", Collections.nCopies(distinct.size(), "?")) + ")")) {
            int parameter = 1;
            if (first != null) {
                select.setString(parameter++, first);
            }
            for (String id : distinct) {
                select.setString(parameter++, id);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }
    }
}
