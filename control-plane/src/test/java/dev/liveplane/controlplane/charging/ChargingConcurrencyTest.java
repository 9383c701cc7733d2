package dev.liveplane.controlplane.charging;

import dev.liveplane.controlplane.LockConflicts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.billing.EntryKind;
import dev.liveplane.controlplane.billing.Ledger;
import dev.liveplane.controlplane.billing.Purchases;
import dev.liveplane.controlplane.billing.Skus;
import dev.liveplane.controlplane.billing.Standing;
import dev.liveplane.controlplane.web.ProblemException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chargers running at once, as on several control-plane instances (each thread charges on connections of its own,
 * and nothing but the database coordinates them), while traffic keeps arriving, and, in the test, while
 * tenants buy packages and the operator credits and debits them.
 */
@MicronautTest(transactional = false)
class ChargingConcurrencyTest extends ApiTestBase {

    static final long GB = PaygTiers.GB;
    static final String TIERS = "1GB:100,3GB:50,*:10";
    static final long MB = 1L << 20;

    @Inject
    Charger charger;

    @Inject
    Ledger ledger;

    @Inject
    Standing standing;

    @Inject
    Purchases purchases;

    @Inject
    Skus skus;

    @Inject
    TransactionOperations<Connection> transactions;

    ChargingFixtures db;
    Consistency consistency;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.charging.enabled", "false", "liveplane.charging.payg-tiers", TIERS,
                "liveplane.charging.batch-size", "200");
    }

    @BeforeAll
    void fixtures() {
        db = new ChargingFixtures(transactions);
        consistency = new Consistency(db, PaygTiers.parse(TIERS));
    }

    @Test
    void twoChargersChargeEachByteOnce() throws Exception {
        List<String> tenants = tenants(4);
        for (String tenant : tenants) {
            db.givePackage(tenant, GB, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
        }
        Map<String, AtomicLong> journal = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<?> producer = pool.submit(() -> {
            try {
                produce(tenants, 3_000, journal, () -> randomBucket());
            } finally {
                producing.set(false);
            }
        });
        List<Future<Long>> chargers = List.of(pool.submit(() -> chargeWhile(producing)),
                pool.submit(() -> chargeWhile(producing)));
        producer.get(5, TimeUnit.MINUTES);
        long charged = 0;
        for (Future<Long> c : chargers) {
            charged += c.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        for (String tenant : tenants) {
            consistency.assertCharged(tenant, journal.get(tenant).get());
        }
        assertThat(charged).as("rows charged by the two").isGreaterThanOrEqualTo(3_000);
    }

    /** Issue 14: "the balance is always the sum of the ledger, after randomized concurrent purchases, credits and usage". */
    @Test
    void theBalanceIsAlwaysTheSumOfTheLedger() throws Exception {
        List<String> tenants = tenants(3);
        List<String> skuIds = List.of(skus.create("100 MB", 100 * MB, 30, 40, true).id(),
                skus.create("1 GB", GB, 30, 90, true).id());
        Map<String, AtomicLong> journal = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong bought = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<String> imbalances = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        List<Future<?>> work = new ArrayList<>();
        // Traffic of the current bucket, so packages bought meanwhile cover part of it.
        work.add(pool.submit(() -> produce(tenants, 2_000, journal,
                () -> Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Instant.now().getEpochSecond() / 60 % 5,
                        ChronoUnit.MINUTES))));
        for (int thread = 0; thread < 2; thread++) {
            work.add(pool.submit(() -> {
                for (int i = 0; i < 80; i++) {
                    String tenant = pick(tenants);
                    long amount = ThreadLocalRandom.current().nextLong(-300, 1_000);
                    // An operator's adjustment the database rolled back to break a deadlock moved nothing: the
                    // operator sends it again (with its Idempotency-Key), as this does.
                    while (true) {
                        try {
                            transactions.executeWrite(status -> {
                                ledger.lock(tenant);
                                ledger.append(tenant, amount >= 0 ? EntryKind.CREDIT : EntryKind.DEBIT, amount, null,
                                        null, "test", YearMonth.now());
                                standing.refresh(tenant);
                                return null;
                            });
                            break;
                        } catch (RuntimeException e) {
                            if (!LockConflicts.is(e)) {
                                throw e;
                            }
                        }
                    }
                }
            }));
        }
        work.add(pool.submit(() -> {
            for (int i = 0; i < 60; i++) {
                try {
                    purchases.buy(pick(tenants), pick(skuIds), "buy-" + i);
                    bought.incrementAndGet();
                } catch (ProblemException e) {
                    refused.incrementAndGet(); // the balance did not cover it: nothing moved
                }
            }
        }));
        work.add(pool.submit(() -> {
            while (running.get()) {
                for (String tenant : tenants) {
                    long imbalance = db.imbalance(tenant);
                    if (imbalance != 0) {
                        synchronized (imbalances) {
                            imbalances.add(tenant + ": " + imbalance);
                        }
                    }
                }
            }
        }));
        List<Future<Long>> chargers = List.of(pool.submit(() -> chargeWhile(running)),
                pool.submit(() -> chargeWhile(running)));
        for (Future<?> w : work.subList(0, 4)) {
            w.get(5, TimeUnit.MINUTES);
        }
        running.set(false);
        work.get(4).get(1, TimeUnit.MINUTES);
        for (Future<Long> c : chargers) {
            c.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(imbalances).as("balance minus ledger seen while running").isEmpty();
        assertThat(bought.get()).as("purchases made").isPositive();
        for (String tenant : tenants) {
            consistency.assertCharged(tenant, journal.get(tenant).get());
        }
        assertThat(db.number("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'purchase' AND tenant_id IN (?, ?, ?)",
                tenants.toArray())).isEqualTo(bought.get());
    }

    /**
     * Charges until {@code going} is off and then until no row waits; answers the rows this one charged. A run that
     * charged nothing may still leave rows: a tenant whose charge the database rolled back to break a deadlock keeps
     * its rows for the next run, as the scheduler's next tick would take them.
     */
    private long chargeWhile(AtomicBoolean going) {
        long charged = 0;
        while (true) {
            boolean last = !going.get();
            long now = charger.chargeWaiting();
            charged += now;
            if (last && now == 0 && transactions.executeRead(status ->
                    BillableRows.tenantsAfter(status.getConnection(), "", 1)).isEmpty()) {
                return charged;
            }
        }
    }

    /** Journals {@code rows} rows of random sizes for random tenants, as ingestion would, in groups. */
    private void produce(List<String> tenants, int rows, Map<String, AtomicLong> journal,
            java.util.function.Supplier<Instant> bucket) {
        for (int i = 0; i < rows; i++) {
            String tenant = pick(tenants);
            long bytes = ThreadLocalRandom.current().nextLong(1, 20 * MB);
            db.usage(tenant, bucket.get(), bytes);
            journal.computeIfAbsent(tenant, t -> new AtomicLong()).addAndGet(bytes);
        }
    }

    private static Instant randomBucket() {
        Instant start = Instant.parse("2026-11-25T00:00:00Z");
        return start.plus(ThreadLocalRandom.current().nextLong(0, 12 * 24 * 12) * 5, ChronoUnit.MINUTES);
    }

    private List<String> tenants(int count) {
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String tenant = api.signUp("Concurrent charging").id();
            transactions.executeWrite(status -> {
                ledger.lock(tenant);
                return ledger.append(tenant, EntryKind.CREDIT, 2_000, null, null, "opening", YearMonth.now());
            });
            tenants.add(tenant);
        }
        return tenants;
    }

    private static <T> T pick(List<T> items) {
        return items.get(ThreadLocalRandom.current().nextInt(items.size()));
    }
}
