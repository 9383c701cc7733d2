package dev.liveplane.controlplane.charging;

import dev.liveplane.controlplane.ReadCommitted;
import dev.liveplane.controlplane.billing.EntryKind;
import dev.liveplane.controlplane.billing.Ledger;
import dev.liveplane.controlplane.billing.Standing;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Charges one batch of a tenant's billable traffic in one transaction: its oldest journal rows locked, the tenant's
 * account locked, bytes taken from packages, the rest charged pay-as-you-go by the ladder, the ledger entries
 * written, the standing refreshed and the rows deleted. A crash anywhere before the commit rolls all of it back and
 * leaves the rows for the next charge; the commit makes all of it visible at once, so no byte is charged twice or
 * lost.
 */
@Singleton
final class TenantCharge {

    /**
     * READ COMMITTED: the journal read takes no gap locks, so ingestion keeps inserting the tenant's new rows while a
     * charge holds its old ones; every read that matters here is a locking read of the latest committed rows.
     */
    private static final TransactionDefinition READ_COMMITTED = ReadCommitted.named("charge tenant traffic");

    /** What one charge did; {@link #NONE} when no row was free to take. */
    record Charged(int rows, long packageBytes, long paygBytes, long amount) {
        static final Charged NONE = new Charged(0, 0, 0, 0);
    }

    private final TransactionOperations<Connection> transactions;
    private final Ledger ledger;
    private final Standing standing;
    private final PaygTiers tiers;
    private final int batchSize;
    /** {@link ChargeSteps#NONE} but in {@code ChargerCrashTest}. */
    private volatile ChargeSteps steps = ChargeSteps.NONE;

    TenantCharge(TransactionOperations<Connection> transactions, Ledger ledger, Standing standing,
            ChargingConfiguration config) {
        this.transactions = transactions;
        this.ledger = ledger;
        this.standing = standing;
        this.tiers = PaygTiers.parse(config.paygTiers());
        this.batchSize = config.batchSize();
    }

    int batchSize() {
        return batchSize;
    }

    /** For {@code ChargerCrashTest} only: who is told after each step ({@link ChargeSteps#NONE} to stop). */
    void steps(ChargeSteps listener) {
        this.steps = listener;
    }

    Charged charge(String tenantId) {
        return transactions.execute(READ_COMMITTED, status -> {
            Connection connection = status.getConnection();
            // Rows before the account: another charger's rows are skipped, never waited for, and only chargers lock
            // journal rows, all of them in this order, so the two locks cannot deadlock.
            List<BillableRows.Row> rows = BillableRows.lock(connection, tenantId, batchSize);
            if (rows.isEmpty()) {
                return Charged.NONE;
            }
            steps.after(ChargeSteps.Step.ROWS_TAKEN, tenantId, connection);
            ledger.lock(tenantId);
            steps.after(ChargeSteps.Step.ACCOUNT_LOCKED, tenantId, connection);
            SortedMap<Instant, Long> buckets = new TreeMap<>();
            for (BillableRows.Row row : rows) {
                buckets.merge(row.bucketStart(), row.bytes(), Math::addExact);
            }
            Allocation allocation = Allocation.of(buckets,
                    PackageBytes.usable(connection, tenantId, buckets.firstKey()));
            long packageBytes = 0;
            for (Allocation.PackageTake take : allocation.packageTakes()) {
                PackageBytes.take(connection, take.packageId(), take.bytes());
                ledger.append(tenantId, EntryKind.PACKAGE_USAGE, 0, take.bytes(), take.packageId(), null,
                        take.month());
                packageBytes += take.bytes();
                steps.after(ChargeSteps.Step.PACKAGE_TAKEN, tenantId, connection);
            }
            long paygBytes = 0;
            long amount = 0;
            for (Map.Entry<YearMonth, Long> month : allocation.payg().entrySet()) {
                amount += chargePayg(connection, tenantId, month.getKey(), month.getValue());
                paygBytes += month.getValue();
                steps.after(ChargeSteps.Step.PAYG_MONTH, tenantId, connection);
            }
            steps.after(ChargeSteps.Step.BEFORE_ROWS_DELETED, tenantId, connection);
            BillableRows.delete(connection, tenantId, rows);
            standing.refresh(tenantId);
            return new Charged(rows.size(), packageBytes, paygBytes, amount);
        });
    }

    /** Charges a month's pay-as-you-go bytes at the ladder's price for where they fall in the month. */
    private long chargePayg(Connection connection, String tenantId, YearMonth month, long bytes) {
        PaygMonths.Month before = PaygMonths.lock(connection, tenantId, month);
        long amount = tiers.charge(before.bytes(), bytes);
        PaygMonths.add(connection, tenantId, month, before, bytes, amount);
        // Entered even when the bytes cost less than a minor unit so far: the statement shows every byte.
        ledger.append(tenantId, EntryKind.PAYG, -amount, bytes, null, null, month);
        return amount;
    }
}
