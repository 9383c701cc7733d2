package dev.liveplane.controlplane.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.Ids;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;

/**
 * Keeps the publish history ({@code publish_sessions}) in step with the online list, in the caller's transaction.
 * A publish closes the stream's earlier open sessions (a republish, maybe on another node) and opens one keyed by
 * (stream, node, start); an unpublish or the control plane ending the stream closes the node's open session.
 * Replays change nothing: the open is an insert that ignores its existing key, and a close touches only sessions
 * still open that started no later than the close. Heartbeats raise an open session's peak viewers.
 */
@Singleton
final class PublishSessions {

    private static final String CLOSE_EARLIER = "UPDATE publish_sessions SET ended_at = ?, end_reason = ?"
            + " WHERE domain = ? AND app = ? AND stream = ? AND ended_at IS NULL AND started_at < ?";
    private static final String OPEN = "INSERT IGNORE INTO publish_sessions (id, tenant_id, domain, app, stream,"
            + " node_id, started_at, client_address, video_codec, video_width, video_height, video_frame_rate,"
            + " audio_codec, audio_sample_rate, audio_channels, peak_viewers)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    private static final String CLOSE_ON_NODE = "UPDATE publish_sessions SET ended_at = ?, end_reason = ?"
            + " WHERE domain = ? AND app = ? AND stream = ? AND node_id = ? AND ended_at IS NULL"
            + " AND started_at <= ?";

    // The viewers now are the sum of every node's last heartbeat (edges relaying the stream included).
    private static final String RAISE_PEAK = "UPDATE publish_sessions SET peak_viewers = GREATEST(peak_viewers,"
            + " (SELECT COALESCE(SUM(v.viewers), 0) FROM stream_viewers v WHERE v.domain = publish_sessions.domain"
            + " AND v.app = publish_sessions.app AND v.stream = publish_sessions.stream))"
            + " WHERE domain = ? AND app = ? AND stream = ? AND ended_at IS NULL";

    static final String REPUBLISHED = "republished";

    private final TransactionOperations<Connection> transactions;

    PublishSessions(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Opens a session per published row, closing the stream's sessions that started before it. */
    void open(Collection<OnlineStreamRow> published) {
        if (published.isEmpty()) {
            return;
        }
        Connection connection = transactions.getConnection();
        try (PreparedStatement close = connection.prepareStatement(CLOSE_EARLIER);
                PreparedStatement open = connection.prepareStatement(OPEN)) {
            for (OnlineStreamRow row : published) {
                Timestamp at = Timestamp.from(row.startedAt());
                close.setTimestamp(1, at);
                close.setString(2, REPUBLISHED);
                close.setString(3, row.domain());
                close.setString(4, row.app());
                close.setString(5, row.stream());
                close.setTimestamp(6, at);
                close.addBatch();
                open.setString(1, Ids.next());
                open.setString(2, row.tenantId());
                open.setString(3, row.domain());
                open.setString(4, row.app());
                open.setString(5, row.stream());
                open.setString(6, row.nodeId());
                open.setTimestamp(7, at);
                open.setString(8, row.clientAddress());
                open.setString(9, row.videoCodec());
                setInt(open, 10, row.width());
                setInt(open, 11, row.height());
                if (row.frameRate() == null) {
                    open.setNull(12, Types.DOUBLE);
                } else {
                    open.setDouble(12, row.frameRate());
                }
                open.setString(13, row.audioCodec());
                setInt(open, 14, row.sampleRate());
                setInt(open, 15, row.channels());
                open.addBatch();
            }
            close.executeBatch();
            open.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("publish sessions not opened", e);
        }
    }

    /** A stream's session on a node ended at {@code at} for {@code reason}. */
    record Ended(String domain, String app, String stream, String nodeId, Instant at, String reason) {
    }

    /** Closes each node's open session of the stream, if any started no later than the end. */
    void close(Collection<Ended> ended) {
        if (ended.isEmpty()) {
            return;
        }
        try (PreparedStatement close = transactions.getConnection().prepareStatement(CLOSE_ON_NODE)) {
            for (Ended end : ended) {
                Timestamp at = Timestamp.from(end.at());
                close.setTimestamp(1, at);
                close.setString(2, end.reason());
                close.setString(3, end.domain());
                close.setString(4, end.app());
                close.setString(5, end.stream());
                close.setString(6, end.nodeId());
                close.setTimestamp(7, at);
                close.addBatch();
            }
            close.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("publish sessions not closed", e);
        }
    }

    /** Raises the open sessions of {@code watched} (streams a heartbeat saw viewers of) to their viewers now. */
    void raisePeaks(Collection<StreamKey> watched) {
        if (watched.isEmpty()) {
            return;
        }
        try (PreparedStatement raise = transactions.getConnection().prepareStatement(RAISE_PEAK)) {
            for (StreamKey key : watched) {
                raise.setString(1, key.domain());
                raise.setString(2, key.app());
                raise.setString(3, key.stream());
                raise.addBatch();
            }
            raise.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("publish session peaks not raised", e);
        }
    }

    private static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
