package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.BillingApi;
import dev.liveplane.sdk.generated.model.BillingAccount;
import dev.liveplane.sdk.generated.model.LedgerEntry;
import dev.liveplane.sdk.generated.model.LedgerEntryPage;
import dev.liveplane.sdk.generated.model.PackagePurchase;
import dev.liveplane.sdk.generated.model.Sku;
import dev.liveplane.sdk.generated.model.SkuPage;
import dev.liveplane.sdk.generated.model.Statement;
import dev.liveplane.sdk.generated.model.TrafficPackage;
import dev.liveplane.sdk.generated.model.TrafficPackagePage;
import java.time.YearMonth;

/**
 * The tenant's money: the packages on sale, buying one from the prepaid balance, the packages bought, the account
 * (balance, usable packages, this month's charges), the ledger and monthly statements. Amounts are integer minor units
 * of the deployment's currency.
 */
public final class Billing {

    private final BillingApi api;
    private final RetryingCaller caller;

    Billing(BillingApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** The SKUs on sale, fetched page by page as they are iterated. */
    public PagedIterable<Sku> skus() {
        return new PagedIterable<>(token -> {
            SkuPage page = caller.idempotent("listActiveSkus",
                    () -> api.listActiveSkus(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /**
     * Buys one package of the SKU from the balance. A fresh idempotency key goes with the request and its retries, so
     * a retried purchase is never paid twice; a balance that does not cover the price throws with status 402
     * ({@code insufficient-balance}).
     */
    public TrafficPackage buy(String skuId) {
        return buy(skuId, IdempotencyKeys.generate());
    }

    /** Buys under the caller's idempotency key: repeating it returns the first purchase instead of buying again. */
    public TrafficPackage buy(String skuId, String idempotencyKey) {
        return caller.idempotent("buyPackage",
                () -> api.buyPackage(new PackagePurchase().skuId(skuId), idempotencyKey));
    }

    /** Every package bought, newest first, with its remaining bytes and expiry. */
    public PagedIterable<TrafficPackage> packages() {
        return new PagedIterable<>(token -> {
            TrafficPackagePage page = caller.idempotent("listPackages",
                    () -> api.listPackages(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** The balance, the usable packages, the standing and this month's charges so far. */
    public BillingAccount account() {
        return caller.idempotent("getBillingAccount", () -> api.getBillingAccount());
    }

    /** Every movement of the balance and of package bytes, newest first. */
    public PagedIterable<LedgerEntry> ledger() {
        return new PagedIterable<>(token -> {
            LedgerEntryPage page = caller.idempotent("listLedgerEntries",
                    () -> api.listLedgerEntries(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** The month's statement (UTC): opening and closing balance and what moved in between, from the ledger. */
    public Statement statement(YearMonth month) {
        return caller.idempotent("getStatement", () -> api.getStatement(month.toString()));
    }
}
