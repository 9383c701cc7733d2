package dev.liveplane.controlplane.charging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.billing.EntryKind;
import dev.liveplane.controlplane.billing.Ledger;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The charger against the real database, one tenant at a time: packages before the balance, earliest expiry first,
 * packages that do not cover the traffic skipped, the ladder across tier and month boundaries, batches.
 */
@MicronautTest(transactional = false)
class ChargerTest extends ApiTestBase {

    static final long GB = PaygTiers.GB;
    static final String TIERS = "1GB:100,3GB:50,*:10";
    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final YearMonth DECEMBER = YearMonth.of(2026, 12);
    static final Instant DEC_2 = Instant.parse("2026-12-02T10:00:00Z");

    @Inject
    Charger charger;

    @Inject
    Ledger ledger;

    @Inject
    TransactionOperations<Connection> transactions;

    ChargingFixtures db;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.charging.enabled", "false", "liveplane.charging.payg-tiers", TIERS,
                "liveplane.charging.batch-size", "100");
    }

    @BeforeAll
    void fixtures() {
        db = new ChargingFixtures(transactions);
    }

    @Test
    void packageBytesGoFirstThenTheBalancePays() {
        String tenant = tenantWithCredit(10_000);
        String pack = db.givePackage(tenant, GB, Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));

        db.usage(tenant, DEC_2, GB / 2);
        charger.chargeWaiting();
        assertThat(db.remaining(pack)).isEqualTo(GB / 2);
        assertThat(db.balance(tenant)).isEqualTo(10_000);

        db.usage(tenant, DEC_2.plusSeconds(300), GB);
        charger.chargeWaiting();
        assertThat(db.remaining(pack)).isZero();
        assertThat(db.balance(tenant)).isEqualTo(10_000 - 50); // half a GB at 100 per GB
        // The second charge's two entries share a transaction and its millisecond: their ids (and so their order) are
        // random; the package went first as the remaining bytes and the balance above show.
        assertThat(db.entries(tenant)).containsExactlyInAnyOrder(
                new ChargingFixtures.Entry("credit", 10_000, null, null, "2026-12"),
                new ChargingFixtures.Entry("package_usage", 0, GB / 2, pack, "2026-12"),
                new ChargingFixtures.Entry("package_usage", 0, GB / 2, pack, "2026-12"),
                new ChargingFixtures.Entry("payg", -50, GB / 2, null, "2026-12"));
        assertThat(db.waiting(tenant)).isZero();
        assertThat(db.balance(tenant)).isEqualTo(db.ledgerSum(tenant));
    }

    @Test
    void theEarliestExpiryGoesFirst() {
        String tenant = tenantWithCredit(0);
        Instant bought = Instant.parse("2026-12-01T00:00:00Z");
        String late = db.givePackage(tenant, GB, bought, Instant.parse("2026-12-31T00:00:00Z"));
        String early = db.givePackage(tenant, GB, bought, Instant.parse("2026-12-10T00:00:00Z"));
        String middle = db.givePackage(tenant, GB, bought, Instant.parse("2026-12-20T00:00:00Z"));

        db.usage(tenant, DEC_2, GB + GB / 4);
        charger.chargeWaiting();

        assertThat(db.remaining(early)).isZero();
        assertThat(db.remaining(middle)).isEqualTo(GB - GB / 4);
        assertThat(db.remaining(late)).isEqualTo(GB);
        assertThat(db.balance(tenant)).isZero();
    }

    @Test
    void packagesThatDoNotCoverTheTrafficAreSkipped() {
        String tenant = tenantWithCredit(1_000);
        String expired = db.givePackage(tenant, GB, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-15T00:00:00Z"));
        String boughtLater = db.givePackage(tenant, GB, Instant.parse("2026-11-25T00:00:00Z"),
                Instant.parse("2026-12-25T00:00:00Z"));

        db.usage(tenant, Instant.parse("2026-11-20T12:00:00Z"), GB / 4);
        charger.chargeWaiting();

        assertThat(db.remaining(expired)).isEqualTo(GB);
        assertThat(db.remaining(boughtLater)).isEqualTo(GB);
        assertThat(db.balance(tenant)).isEqualTo(1_000 - 25);
    }

    @Test
    void trafficChargedLateStillUsesThePackageValidWhenItHappened() {
        String tenant = tenantWithCredit(0);
        // Expired before this charge runs (now is later than November), but valid when the traffic happened.
        String pack = db.givePackage(tenant, GB, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-15T00:00:00Z"));
        // The bucket 00:00-00:05 ends after the purchase at 00:02: its traffic may use the package.
        String bought = db.givePackage(tenant, GB, Instant.parse("2026-11-20T00:02:00Z"),
                Instant.parse("2026-12-20T00:00:00Z"));

        db.usage(tenant, Instant.parse("2026-11-14T23:55:00Z"), GB / 4);
        db.usage(tenant, Instant.parse("2026-11-20T00:00:00Z"), GB / 8);
        charger.chargeWaiting();

        assertThat(db.remaining(pack)).isEqualTo(GB - GB / 4);
        assertThat(db.remaining(bought)).isEqualTo(GB - GB / 8);
        assertThat(db.balance(tenant)).isZero();
    }

    @Test
    void oneChargeCrossingTierBoundariesPaysEachTierItsPrice() {
        String tenant = tenantWithCredit(0);
        db.usage(tenant, DEC_2, 3 * GB / 4);
        charger.chargeWaiting();
        assertThat(db.balance(tenant)).isEqualTo(-75);

        // From 0.75 GB to 3.75 GB: 0.25 GB at 100, 2 GB at 50, 0.75 GB at 10 = 25 + 100 + 7.5, rounded down with
        // the month: price(3.75 GB) = 207.5 -> 207, minus the 75 already charged.
        db.usage(tenant, DEC_2.plusSeconds(300), 3 * GB);
        charger.chargeWaiting();
        assertThat(db.balance(tenant)).isEqualTo(-207);
        assertThat(db.paygMonth(tenant, DECEMBER)).containsExactly(3 * GB + 3 * GB / 4, 207);

        // The half minor unit left over is carried, not lost: 1/16 GB more is 0.625 at 10 per GB, 207.5 + 0.625
        // = 208.125 -> 208, one more than 207 although the charge alone is worth less than one.
        db.usage(tenant, DEC_2.plusSeconds(600), GB / 16);
        charger.chargeWaiting();
        assertThat(db.balance(tenant)).isEqualTo(-208);
        assertThat(db.balance(tenant)).isEqualTo(db.ledgerSum(tenant));
    }

    @Test
    void manySmallChargesAddUpToThePriceOfTheirSum() {
        String tenant = tenantWithCredit(0);
        long total = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 150; i++) {
                long bytes = ThreadLocalRandom.current().nextLong(1, GB / 20);
                db.usage(tenant, DEC_2.plusSeconds(300L * i), bytes);
                total += bytes;
            }
            charger.chargeWaiting(); // 150 rows in batches of 100: two charges per round
        }
        long expected = PaygTiers.parse(TIERS).price(total);
        assertThat(db.paygMonth(tenant, DECEMBER)).containsExactly(total, expected);
        assertThat(db.balance(tenant)).isEqualTo(-expected);
        assertThat(db.chargedBytes(tenant)).isEqualTo(total);
        assertThat(db.waiting(tenant)).isZero();
        assertThat(db.entries(tenant)).filteredOn(e -> e.kind().equals("payg")).hasSize(10);
    }

    @Test
    void eachStatementMonthHasItsOwnLadder() {
        String tenant = tenantWithCredit(0);
        db.usage(tenant, Instant.parse("2026-11-30T23:55:00Z"), 2 * GB);
        db.usage(tenant, Instant.parse("2026-12-01T00:00:00Z"), 2 * GB);
        charger.chargeWaiting();

        // Each month's first GB at 100, its second at 50: 150 each, not 150 then 100 for the second month.
        assertThat(db.paygMonth(tenant, NOVEMBER)).containsExactly(2 * GB, 150);
        assertThat(db.paygMonth(tenant, DECEMBER)).containsExactly(2 * GB, 150);
        List<ChargingFixtures.Entry> payg = db.entries(tenant).stream().filter(e -> e.kind().equals("payg")).toList();
        assertThat(payg).containsExactlyInAnyOrder(
                new ChargingFixtures.Entry("payg", -150, 2 * GB, null, "2026-11"),
                new ChargingFixtures.Entry("payg", -150, 2 * GB, null, "2026-12"));
        assertThat(db.balance(tenant)).isEqualTo(-300);
    }

    @Test
    void aBacklogLargerThanABatchIsChargedInOneRun() {
        String tenant = tenantWithCredit(0);
        for (int i = 0; i < 250; i++) {
            db.usage(tenant, DEC_2, 1_000);
        }
        assertThat(charger.chargeWaiting()).isGreaterThanOrEqualTo(250);
        assertThat(db.waiting(tenant)).isZero();
        assertThat(db.chargedBytes(tenant)).isEqualTo(250_000);
    }

    private String tenantWithCredit(long amount) {
        String tenant = api.signUp("Charging").id();
        if (amount != 0) {
            transactions.executeWrite(status -> {
                ledger.lock(tenant);
                return ledger.append(tenant, EntryKind.CREDIT, amount, null, null, "test credit", DECEMBER);
            });
        }
        return tenant;
    }
}
