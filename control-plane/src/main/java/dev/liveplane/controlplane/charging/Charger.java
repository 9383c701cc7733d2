package dev.liveplane.controlplane.charging;

import dev.liveplane.controlplane.web.LogLimiter;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges the traffic waiting in the billable journal: in rounds, one batch ({@link TenantCharge}) per tenant with
 * rows waiting, so a tenant with a large backlog does not hold the others back. Any number of threads and instances
 * may run it at once: the journal rows and the account lock decide who charges what, nothing held in memory does.
 */
@Singleton
final class Charger {

    private static final Logger LOG = LoggerFactory.getLogger(Charger.class);
    /** Tenants read per query of the journal; the rest come from the next page. */
    private static final int TENANT_PAGE = 500;
    /** A run under a backlog that does not shrink gives the scheduler's thread back this often. */
    private static final Duration MAX_RUN = Duration.ofSeconds(30);

    private final TenantCharge charge;
    private final TransactionOperations<Connection> transactions;
    private final LogLimiter failures = LogLimiter.perMinute(3);
    private final AtomicLong rowsCharged = new AtomicLong();

    Charger(TenantCharge charge, TransactionOperations<Connection> transactions) {
        this.charge = charge;
        this.transactions = transactions;
    }

    /** Charges until no tenant has a full batch left (or {@link #MAX_RUN} passed); answers the rows charged. */
    long chargeWaiting() {
        long deadline = System.nanoTime() + MAX_RUN.toNanos();
        long total = 0;
        boolean more = true;
        while (more && System.nanoTime() < deadline) {
            Round round = round();
            total += round.rows;
            more = round.fullBatches > 0;
        }
        return total;
    }

    /** Rows charged by this instance since the last call (for the backlog log line). */
    long takeRowsCharged() {
        return rowsCharged.getAndSet(0);
    }

    private Round round() {
        Round round = new Round();
        String after = "";
        List<String> tenants;
        do {
            String from = after;
            tenants = transactions.executeRead(status ->
                    BillableRows.tenantsAfter(status.getConnection(), from, TENANT_PAGE));
            // Each instance in its own order, so two instances mostly work on different tenants.
            List<String> order = new ArrayList<>(tenants);
            Collections.shuffle(order);
            for (String tenantId : order) {
                chargeOne(tenantId, round);
            }
            if (!tenants.isEmpty()) {
                after = tenants.get(tenants.size() - 1);
            }
        } while (tenants.size() == TENANT_PAGE);
        return round;
    }

    private void chargeOne(String tenantId, Round round) {
        try {
            TenantCharge.Charged charged = charge.charge(tenantId);
            round.rows += charged.rows();
            if (charged.rows() == charge.batchSize()) {
                round.fullBatches++;
            }
            rowsCharged.addAndGet(charged.rows());
            if (charged.rows() > 0) {
                LOG.debug("traffic charged tenant={} rows={} packageBytes={} paygBytes={} amount={}", tenantId,
                        charged.rows(), charged.packageBytes(), charged.paygBytes(), charged.amount());
            }
        } catch (RuntimeException e) {
            // Rolled back: the rows wait for the next run. One tenant failing does not stop the others.
            failures.log("charge", suppressed -> LOG.warn("traffic charge failed, rows kept for the next run"
                    + " tenant={} suppressed={}", tenantId, suppressed, e));
        }
    }

    private static final class Round {
        long rows;
        int fullBatches;
    }
}
