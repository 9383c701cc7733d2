package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buys a traffic package from a tenant's balance: the one place a purchase happens, callable inside a caller's
 * transaction (it joins it) or alone. Under the tenant's account lock it finds an earlier purchase with the same
 * idempotency key (then answers it, moving nothing), checks the SKU and that the balance covers the price, appends
 * the purchase entry, stores the package and refreshes the tenant's standing.
 */
@Singleton
public class Purchases {

    private static final Logger LOG = LoggerFactory.getLogger(Purchases.class);

    private final Ledger ledger;
    private final Standing standing;
    private final SkuRepository skus;
    private final PackageRepository packages;
    private final BillingConfiguration config;

    Purchases(Ledger ledger, Standing standing, SkuRepository skus, PackageRepository packages,
            BillingConfiguration config) {
        this.ledger = ledger;
        this.standing = standing;
        this.skus = skus;
        this.packages = packages;
        this.config = config;
    }

    /** What a purchase answered, and whether this call made it (false: an earlier call with the same key did). */
    public record Bought(TrafficPackage trafficPackage, boolean created) {
    }

    /**
     * Buys one package of {@code skuId}: 404 {@code not-found} for an unknown or inactive SKU, 402
     * {@code insufficient-balance} when the balance does not cover the price (the overdraft is for traffic only),
     * 422 {@code idempotency-key-reused} when the key bought another SKU.
     */
    @Transactional
    public Bought buy(String tenantId, String skuId, @Nullable String idempotencyKey) {
        long balance = ledger.lock(tenantId);
        if (idempotencyKey != null) {
            Optional<PackageRow> earlier = packages.findByTenantIdAndIdempotencyKey(tenantId, idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().skuId().equals(skuId)) {
                    throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key bought "
                            + "another SKU; use a new key for a new purchase");
                }
                return new Bought(TrafficPackage.of(earlier.get()), false);
            }
        }
        SkuRow sku = skus.findById(skuId).filter(SkuRow::active).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, "No SKU " + skuId + " on sale; GET /v1/billing/skus lists them"));
        // A free package (price 0) is never refused, even below zero: it moves no money.
        if (sku.price() > 0 && balance < sku.price()) {
            throw new ProblemException(ProblemType.INSUFFICIENT_BALANCE, "The package costs " + sku.price()
                    + " and the balance is " + balance + " (" + config.getCurrency() + " minor units); top up first");
        }
        Instant now = Times.now();
        PackageRow row = new PackageRow(Ids.next(), tenantId, sku.id(), sku.name(), sku.sizeBytes(), sku.sizeBytes(),
                sku.price(), now, now.plus(Duration.ofDays(sku.validityDays())), idempotencyKey);
        packages.save(row);
        ledger.append(tenantId, EntryKind.PURCHASE, -sku.price(), sku.sizeBytes(), row.id(), sku.name(),
                YearMonth.from(now.atZone(ZoneOffset.UTC)));
        standing.refresh(tenantId);
        LOG.info("event=package_bought tenant={} package={} sku={} price={}", tenantId, row.id(), sku.id(),
                sku.price());
        return new Bought(TrafficPackage.of(row), true);
    }
}
