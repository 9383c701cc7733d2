package dev.liveplane.controlplane.charging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.controlplane.billing.EntryKind;
import dev.liveplane.controlplane.billing.Ledger;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A charge whose database connection dies between two of its steps: at the step ({@link ChargeSteps}), another
 * connection kills the charger's own (MariaDB/MySQL {@code KILL CONNECTION}), as a crashed instance's connection
 * would die, and the charger's next statement fails; the server rolls its transaction back. Nothing of the charge may
 * remain, and the next charge charges everything exactly once. On H2 the listener throws instead (a rollback): H2's
 * ABORT_SESSION leaves the pool a closed connection it hands out again.
 */
@MicronautTest(transactional = false)
class ChargerCrashTest extends ApiTestBase {

    static final long GB = PaygTiers.GB;
    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final YearMonth DECEMBER = YearMonth.of(2026, 12);

    @Inject
    Charger charger;

    @Inject
    TenantCharge charge;

    @Inject
    Ledger ledger;

    @Inject
    TransactionOperations<Connection> transactions;

    ChargingFixtures db;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.charging.enabled", "false", "liveplane.charging.payg-tiers", "*:100");
    }

    @BeforeAll
    void fixtures() {
        db = new ChargingFixtures(transactions);
    }

    @AfterEach
    void noListener() {
        charge.steps(ChargeSteps.NONE);
    }

    /** Before anything: the rows are taken, the account is not yet locked. */
    @Test
    void killedAfterTheRowsAreTaken() throws Exception {
        crashAfter(tenant(), ChargeSteps.Step.ROWS_TAKEN);
    }

    /** The account is locked, no package touched yet. */
    @Test
    void killedAfterTheAccountIsLocked() throws Exception {
        crashAfter(tenant(), ChargeSteps.Step.ACCOUNT_LOCKED);
    }

    /** The package is emptied and its usage entered, no pay-as-you-go charged yet. */
    @Test
    void killedAfterThePackageBeforeThePaygMonth() throws Exception {
        crashAfter(tenant(), ChargeSteps.Step.PACKAGE_TAKEN);
    }

    /** November's pay-as-you-go is written and charged (money moved), December's not. */
    @Test
    void killedAfterThePaygMonthIsWritten() throws Exception {
        crashAfter(tenant(), ChargeSteps.Step.PAYG_MONTH);
    }

    /** Both months charged (money moved), the journal rows not deleted. */
    @Test
    void killedAfterMoneyMovedBeforeTheRowsAreDeleted() throws Exception {
        crashAfter(tenant(), ChargeSteps.Step.BEFORE_ROWS_DELETED);
    }

    /** A tenant whose charge touches every step: 1 GB package, then November's and December's pay-as-you-go. */
    private Tenant tenant() {
        String id = api.signUp("Crash").id();
        transactions.executeWrite(status -> {
            ledger.lock(id);
            return ledger.append(id, EntryKind.CREDIT, 1_000, null, null, "test credit", DECEMBER);
        });
        String pack = db.givePackage(id, GB, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));
        db.usage(id, Instant.parse("2026-11-20T10:00:00Z"), GB + GB / 2);
        db.usage(id, Instant.parse("2026-12-02T10:00:00Z"), GB);
        // Months already open (as after earlier charges): the charge updates their rows.
        db.update("INSERT INTO payg_months (tenant_id, statement_month, bytes, charged) VALUES (?, '2026-11', 0, 0),"
                + " (?, '2026-12', 0, 0)", id, id);
        return new Tenant(id, pack);
    }

    private void crashAfter(Tenant t, ChargeSteps.Step at) throws Exception {
        List<ChargingFixtures.Entry> entriesBefore = db.entries(t.id);
        AtomicBoolean died = new AtomicBoolean();
        charge.steps((step, tenantId, connection) -> {
            // Once, at the step, and only in this tenant's charge (other tests' tenants may have rows waiting).
            if (step == at && tenantId.equals(t.id) && died.compareAndSet(false, true)) {
                die(connection);
            }
        });
        assertThat(charger.chargeWaiting()).isZero();
        charge.steps(ChargeSteps.NONE);
        assertThat(died).isTrue();

        // Nothing of the killed charge remains.
        assertThat(db.entries(t.id)).isEqualTo(entriesBefore);
        assertThat(db.balance(t.id)).isEqualTo(1_000);
        assertThat(db.remaining(t.packageId)).isEqualTo(GB);
        assertThat(db.paygMonth(t.id, NOVEMBER)).containsExactly(0, 0);
        assertThat(db.paygMonth(t.id, DECEMBER)).containsExactly(0, 0);
        assertThat(db.waiting(t.id)).isEqualTo(2);

        // The next charge charges it all, once: 0.5 GB in November and 1 GB in December at 100 per GB.
        charger.chargeWaiting();
        assertThat(db.waiting(t.id)).isZero();
        assertThat(db.remaining(t.packageId)).isZero();
        assertThat(db.paygMonth(t.id, NOVEMBER)).containsExactly(GB / 2, 50);
        assertThat(db.paygMonth(t.id, DECEMBER)).containsExactly(GB, 100);
        assertThat(db.balance(t.id)).isEqualTo(1_000 - 150).isEqualTo(db.ledgerSum(t.id));
        assertThat(db.chargedBytes(t.id)).isEqualTo(2 * GB + GB / 2);
    }

    /**
     * Kills the charger's connection from another one and waits until the server has rolled its transaction back (its
     * session gone), so the next charge finds no row still locked; the charger's next statement then fails.
     */
    private static void die(Connection charger) {
        Map<String, String> datasource = TestDatabase.properties();
        String url = datasource.get("datasources.default.url");
        if (!url.startsWith("jdbc:mariadb") && !url.startsWith("jdbc:mysql")) {
            throw new IllegalStateException("the charge dies here (H2: a rollback)");
        }
        try (Connection killer = DriverManager.getConnection(url, datasource.get("datasources.default.username"),
                datasource.get("datasources.default.password"))) {
            long session;
            try (PreparedStatement id = charger.prepareStatement("SELECT CONNECTION_ID()");
                    ResultSet row = id.executeQuery()) {
                row.next();
                session = row.getLong(1);
            }
            try (PreparedStatement kill = killer.prepareStatement("KILL CONNECTION " + session)) {
                kill.execute();
            }
            awaitGone(killer, session);
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("cannot kill the charger's connection", e);
        }
    }

    /** Until the killed session has neither a transaction nor a thread: its rollback is done. */
    private static void awaitGone(Connection killer, long session) throws SQLException, InterruptedException {
        String sql = "SELECT (SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = ?)"
                + " + (SELECT COUNT(*) FROM information_schema.processlist WHERE id = ?)";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (PreparedStatement select = killer.prepareStatement(sql)) {
                select.setLong(1, session);
                select.setLong(2, session);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the killed session " + session + " never went away");
    }

    private record Tenant(String id, String packageId) {
    }
}
