package dev.liveplane.controlplane.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The ledger against the real database: the cached balance is the sum of the entries, under concurrent writers. */
@MicronautTest
class LedgerTest extends ApiTestBase {

    @Inject
    Ledger ledger;

    @Inject
    TransactionOperations<Connection> transactions;

    @Test
    void concurrentMovementsLeaveTheBalanceEqualToTheSumOfTheLedger() throws Exception {
        String tenant = api.signUp("Ledger").id();
        YearMonth month = YearMonth.of(2026, 12);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> moves = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            moves.add(pool.submit(() -> {
                long amount = ThreadLocalRandom.current().nextLong(-5_000, 10_000);
                transactions.executeWrite(status -> {
                    ledger.lock(tenant);
                    return ledger.append(tenant, amount >= 0 ? EntryKind.CREDIT : EntryKind.DEBIT, amount, null,
                            null, "test", month);
                });
                return amount;
            }));
        }
        long expected = 0;
        for (Future<Long> move : moves) {
            expected += move.get();
        }
        pool.shutdown();

        long[] balanceAndSum = transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            try (PreparedStatement balance = connection.prepareStatement(
                    "SELECT a.balance, (SELECT SUM(amount) FROM ledger_entries e WHERE e.tenant_id = a.tenant_id),"
                            + " (SELECT COUNT(*) FROM ledger_entries e WHERE e.tenant_id = a.tenant_id)"
                            + " FROM billing_accounts a WHERE a.tenant_id = ?")) {
                balance.setString(1, tenant);
                try (ResultSet row = balance.executeQuery()) {
                    row.next();
                    return new long[] {row.getLong(1), row.getLong(2), row.getLong(3)};
                }
            }
        });
        assertThat(balanceAndSum[0]).isEqualTo(expected);
        assertThat(balanceAndSum[1]).isEqualTo(expected);
        assertThat(balanceAndSum[2]).isEqualTo(200);
    }

    @Test
    void anEntryCarriesTheBalanceAfterIt() {
        String tenant = api.signUp("Ledger entries").id();
        LedgerEntry first = transactions.executeWrite(status -> {
            assertThat(ledger.lock(tenant)).isZero();
            return ledger.append(tenant, EntryKind.CREDIT, 1_000, null, null, "opening credit", YearMonth.of(2026, 12));
        });
        LedgerEntry second = transactions.executeWrite(status -> {
            assertThat(ledger.lock(tenant)).isEqualTo(1_000);
            return ledger.append(tenant, EntryKind.PACKAGE_USAGE, 0, 4_096L, null, null, YearMonth.of(2026, 12));
        });
        assertThat(first.balanceAfter()).isEqualTo(1_000);
        assertThat(second.balanceAfter()).isEqualTo(1_000);
        assertThat(second.bytes()).isEqualTo(4_096L);
    }

    @Test
    void aMovementOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> ledger.lock(Api.uniqueName("t", "x"))).isInstanceOf(IllegalStateException.class);
    }
}
