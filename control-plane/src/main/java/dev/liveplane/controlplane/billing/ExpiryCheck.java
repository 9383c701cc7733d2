package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.Times;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices packages that expired with bytes left: nothing moves money then, so no movement refreshes the standing.
 * Every {@code liveplane.billing.expiry-check-interval} it refreshes each tenant with such a package that expired
 * after its standing was last computed, under the tenant's account lock like any movement.
 */
@Singleton
class ExpiryCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryCheck.class);
    private static final String EXPIRED_SINCE_CHECK = "SELECT DISTINCT p.tenant_id FROM traffic_packages p"
            + " LEFT JOIN tenant_standing s ON s.tenant_id = p.tenant_id"
            + " WHERE p.expires_at <= ? AND p.remaining_bytes > 0 AND (s.checked_at IS NULL OR s.checked_at < p.expires_at)"
            + " LIMIT 500";

    private final TransactionOperations<Connection> transactions;
    private final Ledger ledger;
    private final Standing standing;

    ExpiryCheck(TransactionOperations<Connection> transactions, Ledger ledger, Standing standing) {
        this.transactions = transactions;
        this.ledger = ledger;
        this.standing = standing;
    }

    @Scheduled(fixedDelay = "${liveplane.billing.expiry-check-interval:30s}", initialDelay = "5s")
    @SchedulerLock(name = "package-expiry-check",
            lockAtLeastFor = "${liveplane.billing.expiry-check-interval:30s}",
            lockAtMostFor = "${liveplane.billing.expiry-check-interval:30s}")
    void check() {
        for (String tenantId : tenants()) {
            transactions.executeWrite(status -> {
                ledger.lock(tenantId);
                standing.refresh(tenantId);
                return null;
            });
            LOG.info("event=package_expired tenant={}", tenantId);
        }
    }

    private List<String> tenants() {
        return transactions.executeRead(status -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement(EXPIRED_SINCE_CHECK)) {
                select.setTimestamp(1, Timestamp.from(Times.now()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot look for expired packages", e);
            }
            return ids;
        });
    }
}
