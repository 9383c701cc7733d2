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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a change of a tenant's standing into pending deliveries, in the caller's transaction, to every push domain
 * of the tenant whose webhooks take the event: the event is the tenant's, not one stream's, and webhook URLs are set
 * per push domain. A rolled-back change sends nothing; the dispatcher looks once the change committed.
 */
@Singleton
public final class TenantWebhooks {

    private static final String SETTINGS = "SELECT d.name, c.url, c.events FROM domain_callbacks c"
            + " JOIN domains d ON d.id = c.domain_id WHERE d.tenant_id = ? ORDER BY d.name";
    private static final String INSERT = "INSERT INTO callback_deliveries (id, tenant_id, domain, event, url, body,"
            + " status, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)";

    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;
    private final DeliveryAlarm alarm;

    TenantWebhooks(TransactionOperations<Connection> transactions, JsonMapper json, DeliveryAlarm alarm) {
        this.transactions = transactions;
        this.json = json;
        this.alarm = alarm;
    }

    /** Enqueues {@code type} ({@code quota_low}, {@code suspended}, {@code resumed}) for the tenant's webhooks. */
    public void enqueue(String tenantId, String type, StandingWebhookData data) {
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Instant now = Times.now();
            List<DeliveryRow> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(SETTINGS)) {
                select.setString(1, tenantId);
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        if (CallbackEvents.includes(found.getString(3), type)) {
                            String id = Ids.next();
                            String body = write(new StandingWebhookBody(id, type, now.toString(), data));
                            rows.add(new DeliveryRow(id, tenantId, found.getString(1), type, found.getString(2),
                                    body, DeliveryRow.PENDING, 0, null, null, now, null, now));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the webhook settings of tenant " + tenantId, e);
            }
            JdbcBatches.run(connection, INSERT, rows, (statement, row) -> {
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
                status.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        alarm.ring();
                    }
                });
            }
            return null;
        });
    }

    private String write(StandingWebhookBody body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
