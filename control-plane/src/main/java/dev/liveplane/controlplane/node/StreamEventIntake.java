package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.IntegrityViolations;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.model.StreamEvent;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
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
 * 1,000 events a second at peak, and a round trip per event would be most of the cost.
 */
@Singleton
final class StreamEventIntake {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventIntake.class);
    static final Duration RETENTION = Duration.ofHours(24);

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

    private int recordRetrying(String nodeId, List<StreamEvent> events) {
        try {
            return recordOnce(nodeId, events);
        } catch (RuntimeException e) {
            if (!IntegrityViolations.is(e)) {
                throw e;
            }
            // The same batch arrived twice at once (a node retrying a slow call): the other request committed
            // first, so this time its ids count as repeats.
            return recordOnce(nodeId, events);
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
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            // The first of each id wins, as if the batch's repeats had come in a later batch.
            Map<String, StreamEvent> byKey = new LinkedHashMap<>();
            for (StreamEvent event : events) {
                byKey.putIfAbsent(key(event.getId()), event);
            }
            Set<String> seen = seen(connection, nodeId, byKey.keySet());
            List<String> freshKeys = new ArrayList<>(byKey.size());
            List<StreamEvent> fresh = new ArrayList<>(byKey.size());
            byKey.forEach((key, event) -> {
                if (!seen.contains(key)) {
                    freshKeys.add(key);
                    fresh.add(event);
                }
            });
            if (fresh.isEmpty()) {
                return 0;
            }
            insert(connection, nodeId, freshKeys, Times.now());
            reported.publishEvent(new StreamEventsReported(nodeId, fresh));
            return fresh.size();
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

    private static Set<String> seen(Connection connection, String nodeId, Set<String> keys) {
        String sql = "SELECT event_id FROM stream_event_ids WHERE node_id = ? AND event_id IN ("
                + String.join(", ", Collections.nCopies(keys.size(), "?")) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            select.setString(i++, nodeId);
            for (String key : keys) {
                select.setString(i++, key);
            }
            Set<String> seen = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    seen.add(rows.getString(1));
                }
            }
            return seen;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read stream event ids", e);
        }
    }

    private static void insert(Connection connection, String nodeId, List<String> keys, Instant now) {
        String sql = "INSERT INTO stream_event_ids (node_id, event_id, received_at) VALUES "
                + String.join(", ", Collections.nCopies(keys.size(), "(?, ?, ?)"));
        Timestamp received = Timestamp.from(now);
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int i = 1;
            for (String key : keys) {
                insert.setString(i++, nodeId);
                insert.setString(i++, key);
                insert.setTimestamp(i++, received);
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record stream event ids", e);
        }
    }

    /** Forgets event ids older than the retention period. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
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
