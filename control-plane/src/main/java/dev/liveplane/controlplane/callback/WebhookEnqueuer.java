package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.JdbcBatches;
import dev.liveplane.controlplane.Times;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns recorded stream events into pending webhook deliveries, inserted in the caller's transaction, for the
 * domains whose webhooks take that event. Nothing is sent here: a slow or dead receiver never slows the event path.
 */
@Singleton
public final class WebhookEnqueuer {

    private static final String INSERT = "INSERT INTO callback_deliveries (id, tenant_id, domain, event, url, body,"
            + " status, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)";

    private final CallbackRepository callbacks;
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;
    private final DeliveryAlarm alarm;

    WebhookEnqueuer(CallbackRepository callbacks, TransactionOperations<Connection> transactions, JsonMapper json,
            DeliveryAlarm alarm) {
        this.callbacks = callbacks;
        this.transactions = transactions;
        this.json = json;
        this.alarm = alarm;
    }

    /** Enqueues what the domains' settings ask for, with one settings query and one batched insert. */
    public void enqueue(List<WebhookEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeWrite(status -> {
            Map<String, CallbackRow> settings = callbacks.findByDomainIds(events.stream()
                    .map(WebhookEvent::domainId).collect(Collectors.toSet())).stream()
                    .collect(Collectors.toMap(CallbackRow::domainId, Function.identity()));
            Instant now = Times.now();
            List<DeliveryRow> rows = new ArrayList<>();
            for (WebhookEvent event : events) {
                CallbackRow callback = settings.get(event.domainId());
                if (callback != null && CallbackEvents.includes(callback.events(), event.type())) {
                    String id = Ids.next();
                    String body = write(new WebhookBody(id, event.type(), now.toString(), event.data()));
                    rows.add(new DeliveryRow(id, event.tenantId(), event.data().domain(), event.type(),
                            callback.url(), body, DeliveryRow.PENDING, 0, null, null, now, null, now));
                }
            }
            JdbcBatches.run(status.getConnection(), INSERT, rows, (statement, row) -> {
                statement.setString(1, row.id());
                statement.setString(2, row.tenantId());
                statement.setString(3, row.domain());
                statement.setString(4, row.event());
                statement.setString(5, row.url());
                statement.setString(6, row.body());
                JdbcBatches.setInstant(statement, 7, row.createdAt());
                JdbcBatches.setInstant(statement, 8, row.nextAttemptAt());
            });
            if (!rows.isEmpty()) {
                ringAfterCommit();
            }
            return null;
        });
    }

    /** The dispatcher looks only once the rows are visible to its own connection, i.e. after the commit. */
    private void ringAfterCommit() {
        transactions.findTransactionStatus().ifPresentOrElse(
                status -> status.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        alarm.ring();
                    }
                }), alarm::ring);
    }

    private String write(WebhookBody body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
