package dev.liveplane.controlplane.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.JdbcBatches;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes online streams and per-node viewer counts in JDBC batches, in the caller's transaction: a node reports up
 * to a thousand events a batch and every stream it serves each heartbeat, so each kind of change is one batched
 * statement, never one round trip per stream.
 */
@Singleton
final class OnlineStreamStore {

    // Keys per owner lookup: 3 parameters each, well under every driver's placeholder limit.
    private static final int LOOKUP_CHUNK = 300;

    // A republish replaces the row whole but keeps its id; the unique key is (domain, app, stream).
    private static final String UPSERT = "INSERT INTO online_streams (id, tenant_id, domain, app, stream, node_id,"
            + " started_at, client_address, video_codec, width, height, frame_rate, audio_codec, sample_rate,"
            + " channels, bitrate_kbps, viewers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
            + " ON DUPLICATE KEY UPDATE tenant_id = VALUES(tenant_id), node_id = VALUES(node_id),"
            + " started_at = VALUES(started_at), client_address = VALUES(client_address),"
            + " video_codec = VALUES(video_codec), width = VALUES(width), height = VALUES(height),"
            + " frame_rate = VALUES(frame_rate), audio_codec = VALUES(audio_codec),"
            + " sample_rate = VALUES(sample_rate), channels = VALUES(channels), bitrate_kbps = VALUES(bitrate_kbps)";
    // Only the node that holds the stream ends it: a late unpublish from a node it moved away from changes nothing.
    private static final String DELETE_OWNED = "DELETE FROM online_streams"
            + " WHERE domain = ? AND app = ? AND stream = ? AND node_id = ?";
    private static final String SELECT_VIEWERS = "SELECT domain, app, stream, viewers FROM stream_viewers"
            + " WHERE node_id = ?";
    private static final String DELETE_VIEWERS = "DELETE FROM stream_viewers"
            + " WHERE node_id = ? AND domain = ? AND app = ? AND stream = ?";
    private static final String UPDATE_VIEWERS = "UPDATE stream_viewers SET viewers = ?"
            + " WHERE node_id = ? AND domain = ? AND app = ? AND stream = ?";
    private static final String INSERT_VIEWERS = "INSERT INTO stream_viewers (node_id, domain, app, stream, viewers)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE_BITRATE = "UPDATE online_streams SET bitrate_kbps = ?"
            + " WHERE domain = ? AND app = ? AND stream = ? AND node_id = ?";

    private final TransactionOperations<Connection> transactions;

    OnlineStreamStore(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** The node each of these streams is online on, by {@link StreamKey#match()}; absent when it is not online. */
    Map<String, String> owners(List<StreamKey> keys) {
        Map<String, String> owners = new HashMap<>();
        for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
            List<StreamKey> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
            String sql = "SELECT domain, app, stream, node_id FROM online_streams WHERE (domain, app, stream) IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?)")) + ")";
            try (PreparedStatement statement = connection().prepareStatement(sql)) {
                int index = 1;
                for (StreamKey key : chunk) {
                    statement.setString(index++, key.domain());
                    statement.setString(index++, key.app());
                    statement.setString(index++, key.stream());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        owners.put(new StreamKey(rows.getString(1), rows.getString(2), rows.getString(3)).match(),
                                rows.getString(4));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read online streams", e);
            }
        }
        return owners;
    }

    void upsert(List<OnlineStreamRow> rows) {
        JdbcBatches.run(connection(), UPSERT, rows, (statement, row) -> {
            statement.setString(1, row.id());
            statement.setString(2, row.tenantId());
            statement.setString(3, row.domain());
            statement.setString(4, row.app());
            statement.setString(5, row.stream());
            statement.setString(6, row.nodeId());
            JdbcBatches.setInstant(statement, 7, row.startedAt());
            statement.setString(8, row.clientAddress());
            statement.setString(9, row.videoCodec());
            JdbcBatches.setInteger(statement, 10, row.width());
            JdbcBatches.setInteger(statement, 11, row.height());
            if (row.frameRate() == null) {
                statement.setNull(12, Types.DOUBLE);
            } else {
                statement.setDouble(12, row.frameRate());
            }
            statement.setString(13, row.audioCodec());
            JdbcBatches.setInteger(statement, 14, row.sampleRate());
            JdbcBatches.setInteger(statement, 15, row.channels());
            JdbcBatches.setInteger(statement, 16, row.bitrateKbps());
        });
    }

    /** Removes each stream still online on the node named with it (one on another node now stays). */
    void deleteOwned(List<Owned> streams) {
        JdbcBatches.run(connection(), DELETE_OWNED, streams, (statement, owned) -> {
            bindKey(statement, owned.key());
            statement.setString(4, owned.nodeId());
        });
    }

    void deleteOwned(String nodeId, List<StreamKey> keys) {
        deleteOwned(keys.stream().map(key -> new Owned(key, nodeId)).toList());
    }

    /**
     * Replaces what the node's previous heartbeat said about its viewers with what this one says, writing only the
     * difference, each row by its primary key. Deleting the node's whole range and inserting it again would cost
     * every row every 5 s, and its range locks make concurrent heartbeats of neighbouring nodes deadlock on MySQL.
     */
    void replaceViewers(String nodeId, List<Load> loads) {
        Connection connection = connection();
        Map<String, Load> before = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_VIEWERS)) {
            statement.setString(1, nodeId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    StreamKey key = new StreamKey(rows.getString(1), rows.getString(2), rows.getString(3));
                    before.put(key.match(), new Load(key, rows.getInt(4), false, null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the node's viewers", e);
        }
        List<Load> inserts = new ArrayList<>();
        List<Load> updates = new ArrayList<>();
        for (Load load : loads) {
            Load previous = before.remove(load.key().match());
            if (load.viewers() == 0) {
                if (previous != null) {
                    before.put(load.key().match(), previous);
                }
            } else if (previous == null) {
                inserts.add(load);
            } else if (previous.viewers() != load.viewers()) {
                // The stored key's spelling, which the primary key lookup matches whatever the collation.
                updates.add(new Load(previous.key(), load.viewers(), false, null));
            }
        }
        // What is left was watched before and is not now.
        JdbcBatches.run(connection, DELETE_VIEWERS, sorted(before.values()), (statement, load) -> {
            statement.setString(1, nodeId);
            bindKey(statement, load.key(), 2);
        });
        JdbcBatches.run(connection, UPDATE_VIEWERS, sorted(updates), (statement, load) -> {
            statement.setInt(1, load.viewers());
            statement.setString(2, nodeId);
            bindKey(statement, load.key(), 3);
        });
        JdbcBatches.run(connection, INSERT_VIEWERS, sorted(inserts), (statement, load) -> {
            statement.setString(1, nodeId);
            bindKey(statement, load.key(), 2);
            statement.setInt(5, load.viewers());
        });
    }

    /** In key order, so that two transactions touching the same rows lock them in the same order. */
    private static List<Load> sorted(Collection<Load> loads) {
        return loads.stream().sorted(Comparator.comparing(load -> load.key().match())).toList();
    }

    void updateBitrates(String nodeId, List<Load> published) {
        JdbcBatches.run(connection(), UPDATE_BITRATE, published, (statement, load) -> {
            JdbcBatches.setInteger(statement, 1, load.bitrateKbps());
            bindKey(statement, load.key(), 2);
            statement.setString(5, nodeId);
        });
    }

    private static void bindKey(PreparedStatement statement, StreamKey key) throws SQLException {
        bindKey(statement, key, 1);
    }

    private static void bindKey(PreparedStatement statement, StreamKey key, int first) throws SQLException {
        statement.setString(first, key.domain());
        statement.setString(first + 1, key.app());
        statement.setString(first + 2, key.stream());
    }

    private Connection connection() {
        return transactions.getConnection();
    }

    /** One stream's line of a heartbeat, merged per key. */
    /** A stream and the node it is online on. */
    record Owned(StreamKey key, String nodeId) {
    }

    record Load(StreamKey key, int viewers, boolean publishing, Integer bitrateKbps) {
    }
}
