package dev.liveplane.controlplane.charging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;

/**
 * What must hold for a tenant once its traffic is charged, however many chargers ran at once: every journal byte
 * charged once, each package's used bytes equal to its usage entries, each pay-as-you-go month equal to its entries
 * and to the ladder's price of its bytes, and the balance equal to the sum of the ledger.
 */
final class Consistency {

    private final ChargingFixtures db;
    private final PaygTiers tiers;

    Consistency(ChargingFixtures db, PaygTiers tiers) {
        this.db = db;
        this.tiers = tiers;
    }

    void assertCharged(String tenantId, long journalBytes) {
        assertThat(db.waiting(tenantId)).as("rows left").isZero();
        assertThat(db.chargedBytes(tenantId)).as("bytes charged").isEqualTo(journalBytes);
        for (ChargingFixtures.Row pack : db.rows("SELECT p.id, p.size_bytes - p.remaining_bytes,"
                + " (SELECT COALESCE(SUM(e.bytes), 0) FROM ledger_entries e WHERE e.package_id = p.id"
                + " AND e.kind = 'package_usage'), p.remaining_bytes FROM traffic_packages p WHERE p.tenant_id = ?",
                tenantId)) {
            assertThat(pack.values()[0]).as("package %s used", pack.key()).isEqualTo(pack.values()[1]);
            assertThat(pack.values()[2]).as("package %s left", pack.key()).isNotNegative();
        }
        for (ChargingFixtures.Row month : db.rows("SELECT m.statement_month, m.bytes, m.charged,"
                + " (SELECT COALESCE(SUM(e.bytes), 0) FROM ledger_entries e WHERE e.tenant_id = m.tenant_id"
                + " AND e.kind = 'payg' AND e.statement_month = m.statement_month),"
                + " (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e WHERE e.tenant_id = m.tenant_id"
                + " AND e.kind = 'payg' AND e.statement_month = m.statement_month)"
                + " FROM payg_months m WHERE m.tenant_id = ?", tenantId)) {
            long bytes = month.values()[0];
            long charged = month.values()[1];
            assertThat(month.values()[2]).as("payg bytes entered in %s", month.key()).isEqualTo(bytes);
            assertThat(-month.values()[3]).as("payg amount entered in %s", month.key()).isEqualTo(charged);
            assertThat(charged).as("payg price of %s", YearMonth.parse(month.key())).isEqualTo(tiers.price(bytes));
        }
        assertBalanced(tenantId);
    }

    void assertBalanced(String tenantId) {
        assertThat(db.balance(tenantId)).as("balance").isEqualTo(db.ledgerSum(tenantId));
    }
}
