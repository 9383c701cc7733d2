package dev.liveplane.controlplane.operator;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.billing.Accounts;
import dev.liveplane.controlplane.billing.Adjustments;
import dev.liveplane.controlplane.billing.BillingConfiguration;
import dev.liveplane.controlplane.billing.SkuChange;
import dev.liveplane.controlplane.billing.Skus;
import dev.liveplane.controlplane.tenant.TenantService;
import dev.liveplane.controlplane.web.BillingModels;
import dev.liveplane.controlplane.web.Idempotency;
import dev.liveplane.controlplane.web.LockConflictRetries;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.OperatorApi;
import dev.liveplane.controlplane.web.model.BalanceAdjustmentRequest;
import dev.liveplane.controlplane.web.model.BalanceAdjustmentRequestKind;
import dev.liveplane.controlplane.web.model.BillingAccount;
import dev.liveplane.controlplane.web.model.LedgerEntry;
import dev.liveplane.controlplane.web.model.Sku;
import dev.liveplane.controlplane.web.model.SkuPage;
import dev.liveplane.controlplane.web.model.SkuRequest;
import dev.liveplane.controlplane.web.model.SkuUpdate;
import dev.liveplane.controlplane.web.model.Tenant;
import dev.liveplane.controlplane.web.model.TenantPage;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves the operator's {@code /admin/v1} routes: tenants, their balances and billing accounts, the SKU catalog. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class OperatorController implements OperatorApi {

    /** The operator's idempotency keys live apart from every tenant's. */
    private static final String OPERATOR = "operator";

    private final TenantService tenants;
    private final Adjustments adjustments;
    private final Accounts accounts;
    private final Skus skus;
    private final Idempotency idempotency;
    private final BillingConfiguration billing;

    OperatorController(TenantService tenants, Adjustments adjustments, Accounts accounts, Skus skus,
            Idempotency idempotency, BillingConfiguration billing) {
        this.tenants = tenants;
        this.adjustments = adjustments;
        this.accounts = accounts;
        this.skus = skus;
        this.idempotency = idempotency;
        this.billing = billing;
    }

    @Override
    public TenantPage listTenants(Integer pageSize, String pageToken) {
        Slice<Tenant> page = tenants.list(PageToken.size(pageSize), PageToken.decode(pageToken))
                .map(row -> new Tenant(row.id(), row.name(), Times.utc(row.createdAt())));
        return new TenantPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public HttpResponse<LedgerEntry> adjustBalance(String id, BalanceAdjustmentRequest request,
            String idempotencyKey) {
        return LockConflictRetries.run("balance adjustment", () -> idempotency.create(OPERATOR + ":" + id,
                idempotencyKey, "POST /admin/v1/tenants/" + id + "/balance-adjustments", request, LedgerEntry.class,
                () -> HttpResponse.created(BillingModels.entry(adjustments.adjust(id,
                        request.getKind() == BalanceAdjustmentRequestKind.CREDIT, request.getAmountMinor(),
                        request.getReason())))));
    }

    @Override
    public BillingAccount getTenantBillingAccount(String id) {
        if (!tenants.exists(id)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No tenant " + id);
        }
        return BillingModels.account(accounts.account(id));
    }

    @Override
    public HttpResponse<Sku> createSku(SkuRequest request, String idempotencyKey) {
        return idempotency.create(OPERATOR, idempotencyKey, "POST /admin/v1/skus", request, Sku.class, () -> {
            Sku sku = BillingModels.sku(skus.create(request.getName(), request.getSizeBytes(),
                    request.getValidityDays(), request.getPriceMinor(), request.getActive() == null
                            || request.getActive()), billing.getCurrency());
            return HttpResponse.created(sku).header(HttpHeaders.LOCATION, "/admin/v1/skus/" + sku.getId());
        });
    }

    @Override
    public SkuPage listSkus(Integer pageSize, String pageToken) {
        Slice<Sku> page = skus.list(PageToken.size(pageSize), PageToken.decode(pageToken))
                .map(sku -> BillingModels.sku(sku, billing.getCurrency()));
        return new SkuPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public Sku updateSku(String id, SkuUpdate update) {
        return BillingModels.sku(skus.update(id, new SkuChange(update.getName(), update.getSizeBytes(),
                update.getValidityDays(), update.getPriceMinor(), update.getActive())), billing.getCurrency());
    }
}
