package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.JdbcBatches;
import dev.liveplane.controlplane.Times;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stream events the control plane set aside, per node, for the operator: saves a batch's rejections in
 * one statement, logs them once, counts them, lists a node's newest, and forgets them after {@link #RETENTION}.
 */
@Singleton
class RejectedEventLog {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedEventLog.class);
    static final int MAX_RECORD_CHARS = 4000;
    static final Duration RETENTION = Duration.ofDays(30);
    private static final String INSERT = "INSERT INTO rejected_node_records"
            + " (id, node_id, received_at, event_id, reason, record) VALUES (?, ?, ?, ?, ?, ?)";

    private final TransactionOperations<Connection> transactions;
    private final AtomicLong rejectedSinceStart = new AtomicLong();

    RejectedEventLog(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Saves the batch's rejected events in a transaction of their own, and logs them in one line. */
    void save(String nodeId, List<RejectedEvent> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Times.now());
        transactions.executeWrite(status -> {
            JdbcBatches.run(status.getConnection(), INSERT, rejected, (statement, event) -> {
                statement.setString(1, Ids.next());
                statement.setString(2, nodeId);
                statement.setTimestamp(3, now);
                statement.setString(4, event.eventId());
                statement.setString(5, event.reason());
                statement.setString(6, event.record());
            });
            return null;
        });
        long total = rejectedSinceStart.addAndGet(rejected.size());
        RejectedEvent first = rejected.get(0);
        LOG.warn("stream events rejected node={} count={} first_index={} first_id={} first_reason=\"{}\""
                + " rejected_since_start={}", nodeId, rejected.size(), first.index(), first.eventId(),
                first.reason(), total);
    }

    /** The node's rejected events of the retention period: how many, and the newest {@code limit}. */
    Page list(String nodeId, int limit) {
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            long total;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM rejected_node_records WHERE node_id = ?")) {
                count.setString(1, nodeId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count rejected node records", e);
            }
            List<Row> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT received_at, event_id, reason,"
                    + " record FROM rejected_node_records WHERE node_id = ? ORDER BY received_at DESC, id DESC"
                    + " LIMIT ?")) {
                select.setString(1, nodeId);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(new Row(rows.getTimestamp(1).toInstant(), rows.getString(2), rows.getString(3),
                                rows.getString(4)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read rejected node records", e);
            }
            return new Page(total, items);
        });
    }

    /** Forgets rejected events older than the retention period. */
    @Scheduled(fixedDelay = "1h", initialDelay = "2m")
    @SchedulerLock(name = "rejected-event-purge", lockAtLeastFor = "1h", lockAtMostFor = "1h")
    void purge() {
        int deleted = transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement(
                    "DELETE FROM rejected_node_records WHERE received_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(Instant.now().minus(RETENTION)));
                return delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot purge rejected node records", e);
            }
        });
        LOG.debug("rejected node records purged deleted={}", deleted);
    }

    /** A node's rejected events: how many in all, and the newest. */
    record Page(long total, List<Row> items) {
    }

    /** One rejected event as kept. */
    record Row(Instant receivedAt, String eventId, String reason, String record) {
    }
}
