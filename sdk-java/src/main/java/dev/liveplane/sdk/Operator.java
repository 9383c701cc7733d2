package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.OperatorApi;
import dev.liveplane.sdk.generated.model.BalanceAdjustmentRequest;
import dev.liveplane.sdk.generated.model.BillingAccount;
import dev.liveplane.sdk.generated.model.LedgerEntry;
import dev.liveplane.sdk.generated.model.Sku;
import dev.liveplane.sdk.generated.model.SkuPage;
import dev.liveplane.sdk.generated.model.SkuRequest;
import dev.liveplane.sdk.generated.model.SkuUpdate;
import dev.liveplane.sdk.generated.model.Tenant;
import dev.liveplane.sdk.generated.model.TenantPage;

/** The platform operator's routes ({@code /admin/v1}); they need the operator credential as the access token. */
public final class Operator {

    private final OperatorApi api;
    private final RetryingCaller caller;

    Operator(OperatorApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** Every tenant, fetched page by page as they are iterated. */
    public PagedIterable<Tenant> listTenants() {
        return new PagedIterable<>(token -> {
            TenantPage page = caller.idempotent("listTenants", () -> api.listTenants(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /**
     * Credits a tenant's balance (a top-up) with a reason. A fresh idempotency key goes with the request and its
     * retries, so a retry never credits twice.
     */
    public LedgerEntry credit(String tenantId, long amountMinor, String reason) {
        return adjust(tenantId, BalanceAdjustmentRequest.KindEnum.CREDIT, amountMinor, reason, IdempotencyKeys.generate());
    }

    /** Debits a tenant's balance (a refund or a correction; it may go negative) with a reason, at most once. */
    public LedgerEntry debit(String tenantId, long amountMinor, String reason) {
        return adjust(tenantId, BalanceAdjustmentRequest.KindEnum.DEBIT, amountMinor, reason, IdempotencyKeys.generate());
    }

    /** Credits or debits under the caller's idempotency key: repeating it returns the first entry. */
    public LedgerEntry adjust(String tenantId, BalanceAdjustmentRequest.KindEnum kind, long amountMinor, String reason,
            String idempotencyKey) {
        BalanceAdjustmentRequest request = new BalanceAdjustmentRequest().kind(kind).amountMinor(amountMinor)
                .reason(reason);
        return caller.idempotent("adjustBalance", () -> api.adjustBalance(tenantId, request, idempotencyKey));
    }

    /** A tenant's billing account, as the tenant reads it. */
    public BillingAccount billingAccount(String tenantId) {
        return caller.idempotent("getTenantBillingAccount", () -> api.getTenantBillingAccount(tenantId));
    }

    /** Adds a SKU to the catalog, at most once whatever the retries. */
    public Sku createSku(SkuRequest request) {
        String key = IdempotencyKeys.generate();
        return caller.idempotent("createSku", () -> api.createSku(request, key));
    }

    /** The whole catalog, inactive SKUs included, fetched page by page as it is iterated. */
    public PagedIterable<Sku> listSkus() {
        return new PagedIterable<>(token -> {
            SkuPage page = caller.idempotent("listSkus", () -> api.listSkus(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** Changes the fields set in {@code update}; packages already bought keep what they were bought with. */
    public Sku updateSku(String id, SkuUpdate update) {
        return caller.idempotent("updateSku", () -> api.updateSku(id, update));
    }
}
