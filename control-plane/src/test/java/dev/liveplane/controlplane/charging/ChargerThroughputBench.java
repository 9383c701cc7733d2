package dev.liveplane.controlplane.charging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.billing.EntryKind;
import dev.liveplane.controlplane.billing.Ledger;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How many journal rows per second the charger charges: {@code -Dliveplane.bench.charging=true} (rows, tenants and
 * chargers with {@code .rows}, {@code .tenants}, {@code .chargers}). Each tenant has a package smaller than its
 * traffic, so every charge takes package bytes and charges pay-as-you-go. Prints one line with the figure.
 */
@MicronautTest(transactional = false)
@EnabledIfSystemProperty(named = "liveplane.bench.charging", matches = "true")
class ChargerThroughputBench extends ApiTestBase {

    @Inject
    Charger charger;

    @Inject
    Ledger ledger;

    @Inject
    TransactionOperations<Connection> transactions;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.charging.enabled", "false");
    }

    @Test
    void chargesTheJournal() throws Exception {
        int rows = Integer.getInteger("liveplane.bench.charging.rows", 100_000);
        int tenantCount = Integer.getInteger("liveplane.bench.charging.tenants", 20);
        int chargerCount = Integer.getInteger("liveplane.bench.charging.chargers", 2);
        ChargingFixtures db = new ChargingFixtures(transactions);
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < tenantCount; i++) {
            String tenant = api.signUp("Bench").id();
            transactions.executeWrite(status -> {
                ledger.lock(tenant);
                return ledger.append(tenant, EntryKind.CREDIT, 1_000_000, null, null, "bench", YearMonth.now());
            });
            db.givePackage(tenant, 1L << 30, Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2027-06-01T00:00:00Z"));
            tenants.add(tenant);
        }
        journal(tenants, rows);

        ExecutorService pool = Executors.newFixedThreadPool(chargerCount);
        long start = System.nanoTime();
        List<Future<Long>> runs = new ArrayList<>();
        for (int i = 0; i < chargerCount; i++) {
            runs.add(pool.submit(() -> {
                long charged = 0;
                for (long now; (now = charger.chargeWaiting()) > 0; ) {
                    charged += now;
                }
                return charged;
            }));
        }
        long charged = 0;
        for (Future<Long> run : runs) {
            charged += run.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("charger throughput rows=%d tenants=%d chargers=%d seconds=%.2f rowsPerSecond=%.0f%n",
                charged, tenantCount, chargerCount, seconds, charged / seconds);
        assertThat(charged).isEqualTo(rows);
    }

    /** Journals the rows as ingestion does, in multi-row inserts, spread over the tenants and a month of buckets. */
    private void journal(List<String> tenants, int rows) {
        LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        LocalDateTime first = LocalDateTime.of(2026, 11, 1, 0, 0);
        int chunk = 500;
        for (int done = 0; done < rows; done += chunk) {
            int size = Math.min(chunk, rows - done);
            int offset = done;
            transactions.executeWrite(status -> {
                StringBuilder sql = new StringBuilder(
                        "INSERT INTO usage_billable (tenant_id, bucket_start, bytes, created_at) VALUES ");
                for (int i = 0; i < size; i++) {
                    sql.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
                }
                try (PreparedStatement insert = status.getConnection().prepareStatement(sql.toString())) {
                    int p = 1;
                    for (int i = 0; i < size; i++) {
                        int n = offset + i;
                        insert.setString(p++, tenants.get(n % tenants.size()));
                        insert.setObject(p++, first.plusMinutes(5L * (n / tenants.size() % 8_640)));
                        insert.setLong(p++, 1_000_000 + n % 1_000);
                        insert.setObject(p++, now);
                    }
                    return insert.executeUpdate();
                }
            });
        }
    }
}
