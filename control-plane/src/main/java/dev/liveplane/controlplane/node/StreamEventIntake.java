package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.controlplane.IntegrityViolations;
import dev.liveplane.controlplane.LockConflicts;
import dev.liveplane.controlplane.ReadCommitted;
import dev.liveplane.controlplane.RecordFaults;
import dev.liveplane.controlplane.Times;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a node's batch of stream events once: in one transaction it finds which event ids the node sent before,
 * inserts the others, and publishes {@link StreamEventsReported} with the fresh events in the node's order. Ids are
 * remembered for {@link #RETENTION}, longer than any node keeps retrying a batch. A record the database refuses is
 * found by splitting the batch and set aside, so it never holds back the others.
 *
 * <p>The table holds the SHA-256 (hex) of each id, not the id: ids then compare exactly, case and trailing spaces
 * included, whatever the column's collation, as the batch's own de-duplication compares them.
 *
 * <p>Plain JDBC, since a batch is one SELECT ... IN and one multi-row INSERT whatever its size: nodes report about
 * 1,000 events a second at peak, and a round trip per event would be most of the cost. {@link StreamEventBatcher}
 * records many nodes' calls together ({@link #recordTogether}), in one transaction for all.
 *
 * <p>That transaction reads committed data rather than MySQL's default repeatable read. Under repeatable read,
 * closing a stream's publish session also locks the index gap up to the next stream, so a writer publishing a stream
 * whose name falls in that gap, on another instance or the other writer thread, waits for the first group's commit or
 * deadlocks with it (5-19 deadlocks and a rolled-back group each per two-instance bench/fleet.sh run). Nothing here
 * needs a snapshot older than each statement: the id lookup's repeats are caught by the primary key, and every write
 * to online streams and sessions states its own condition.
 */
@Singleton
class StreamEventIntake {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventIntake.class);
    static final Duration RETENTION = Duration.ofHours(24);
    // Ids per statement: 2-3 parameters each, well under every driver's limit on placeholders.
    private static final int CHUNK = 1000;
    /** Attempts after the first when the transaction lost a race that counted nothing (see recordRetrying). */
    private static final int RACE_RETRIES = 3;
    private static final TransactionDefinition READ_COMMITTED = ReadCommitted.named("record stream events");

    private final TransactionOperations<Connection> transactions;
    private final ApplicationEventPublisher<StreamEventsReported> reported;

    private final JsonMapper json;

    StreamEventIntake(TransactionOperations<Connection> transactions,
            ApplicationEventPublisher<StreamEventsReported> reported, JsonMapper json) {
        this.transactions = transactions;
        this.reported = reported;
        this.json = json;
    }

    /**
     * Records the checked events of a batch and answers how many were new, and which the database refused. A batch
     * that fails because of one of its records is split in halves, down to that record, which is set aside; a
     * failure any batch would meet now (the database down) is thrown, for the node to send the batch again.
     */
    Outcome record(String nodeId, List<StreamEventReader.Checked> events) {
        List<RejectedEvent> refused = new ArrayList<>();
        int accepted = events.isEmpty() ? 0 : recordSplitting(nodeId, events, refused);
        return new Outcome(accepted, refused);
    }

    private int recordSplitting(String nodeId, List<StreamEventReader.Checked> events, List<RejectedEvent> refused) {
        try {
            return recordRetrying(nodeId, events.stream().map(StreamEventReader.Checked::event).toList());
        } catch (RuntimeException e) {
            if (!RecordFaults.causedByRecord(e)) {
                throw e;
            }
            if (events.size() > 1) {
                int half = events.size() / 2;
                return recordSplitting(nodeId, events.subList(0, half), refused)
                        + recordSplitting(nodeId, events.subList(half, events.size()), refused);
            }
            StreamEventReader.Checked only = events.get(0);
            LOG.debug("stream event refused by the database node={} id={}", nodeId, only.event().getId(), e);
            refused.add(new RejectedEvent(only.index(), only.event().getId(),
                    StreamEventReader.cut("database refused it: " + RecordFaults.describe(e), 500), text(only)));
            return 0;
        }
    }

    /**
     * Runs the batch's transaction again when it lost a race that leaves nothing counted: the same batch arrived
     * twice at once (a node retrying a slow call; the other request committed first, so this time its ids count as
     * repeats), or the database rolled it back to break a deadlock with another writer or another instance (two
     * calls opening and closing the same stream's publish sessions).
     */
    private int recordRetrying(String nodeId, List<StreamEvent> events) {
        for (int attempt = 1; ; attempt++) {
            try {
                return recordOnce(nodeId, events);
            } catch (RuntimeException e) {
                if (attempt > RACE_RETRIES || !(IntegrityViolations.is(e) || LockConflicts.is(e))) {
                    throw e;
                }
                LOG.debug("stream events lost a race, running them again node={} attempt={}", nodeId, attempt, e);
            }
        }
    }

    private String text(StreamEventReader.Checked event) {
        try {
            return StreamEventReader.cut(json.writeValueAsString(event.event()), RejectedEventLog.MAX_RECORD_CHARS);
        } catch (IOException | RuntimeException e) {
            return "(not serializable: " + e.getClass().getSimpleName() + ")";
        }
    }

    private int recordOnce(String nodeId, List<StreamEvent> events) {
        return recordTogether(List.of(new StreamEventsReported.NodeBatch(nodeId, events))).get(0);
    }

    /**
     * Records several node calls' events in one transaction, with one id lookup and one insert for all of them, and
     * answers how many of each call's events were new. Any failure rolls all of them back and is thrown; the caller
     * then records each call alone ({@link #record}), which finds the record at fault.
     */
    List<Integer> recordTogether(List<StreamEventsReported.NodeBatch> batches) {
        return transactions.execute(READ_COMMITTED, status -> {
            Connection connection = status.getConnection();
            // The first of each id wins, as if the batch's repeats had come in a later batch.
            List<Map<String, StreamEvent>> byKey = new ArrayList<>(batches.size());
            List<EventKey> wanted = new ArrayList<>();
            for (StreamEventsReported.NodeBatch batch : batches) {
                Map<String, StreamEvent> keys = new LinkedHashMap<>();
                for (StreamEvent event : batch.events()) {
                    String key = key(event.getId());
                    if (keys.putIfAbsent(key, event) == null) {
                        wanted.add(new EventKey(batch.nodeId(), key));
                    }
                }
                byKey.add(keys);
            }
            Set<EventKey> seen = seen(connection, wanted);
            List<EventKey> freshKeys = new ArrayList<>(wanted.size());
            List<Integer> counts = new ArrayList<>(batches.size());
            List<StreamEventsReported.NodeBatch> reports = new ArrayList<>(batches.size());
            for (int b = 0; b < batches.size(); b++) {
                String nodeId = batches.get(b).nodeId();
                List<StreamEvent> fresh = new ArrayList<>();
                byKey.get(b).forEach((key, event) -> {
                    EventKey id = new EventKey(nodeId, key);
                    // Marked seen here, so that the same node's repeat in a later call of this group is one too.
                    if (seen.add(id)) {
                        freshKeys.add(id);
                        fresh.add(event);
                    }
                });
                counts.add(fresh.size());
                if (!fresh.isEmpty()) {
                    reports.add(new StreamEventsReported.NodeBatch(nodeId, fresh));
                }
            }
            if (!freshKeys.isEmpty()) {
                insert(connection, freshKeys, Times.now());
                reported.publishEvent(new StreamEventsReported(reports));
            }
            return counts;
        });
    }

    private static String key(String eventId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(eventId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A node's event id, hashed ({@link #key}). */
    private record EventKey(String nodeId, String key) {
    }

    /** The ids of {@code wanted} recorded before, in one query per {@value #CHUNK} ids. */
    private static Set<EventKey> seen(Connection connection, List<EventKey> wanted) {
        Set<EventKey> seen = new HashSet<>();
        for (List<EventKey> chunk : chunks(wanted)) {
            String sql = "SELECT node_id, event_id FROM stream_event_ids WHERE (node_id, event_id) IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?)")) + ")";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                for (EventKey id : chunk) {
                    select.setString(i++, id.nodeId());
                    select.setString(i++, id.key());
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        seen.add(new EventKey(rows.getString(1), rows.getString(2)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read stream event ids", e);
            }
        }
        return seen;
    }

    private static void insert(Connection connection, List<EventKey> ids, Instant now) {
        Timestamp received = Timestamp.from(now);
        for (List<EventKey> chunk : chunks(ids)) {
            String sql = "INSERT INTO stream_event_ids (node_id, event_id, received_at) VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?)"));
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int i = 1;
                for (EventKey id : chunk) {
                    insert.setString(i++, id.nodeId());
                    insert.setString(i++, id.key());
                    insert.setTimestamp(i++, received);
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot record stream event ids", e);
            }
        }
    }

    private static List<List<EventKey>> chunks(List<EventKey> ids) {
        List<List<EventKey>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** Forgets event ids older than the retention period. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    @SchedulerLock(name = "stream-event-id-purge", lockAtLeastFor = "10m", lockAtMostFor = "10m")
    void purge() {
        int deleted = transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement(
                    "DELETE FROM stream_event_ids WHERE received_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(Instant.now().minus(RETENTION)));
                return delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot purge stream event ids", e);
            }
        });
        LOG.debug("stream event ids purged deleted={}", deleted);
    }

    /** How many of a batch's checked events were new, and the ones the database refused. */
    record Outcome(int accepted, List<RejectedEvent> refused) {
    }
}
