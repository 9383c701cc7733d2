package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.web.BillingModels;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.LockConflictRetries;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.BillingApi;
import dev.liveplane.controlplane.web.model.BillingAccount;
import dev.liveplane.controlplane.web.model.LedgerEntryPage;
import dev.liveplane.controlplane.web.model.PackagePurchase;
import dev.liveplane.controlplane.web.model.SkuPage;
import dev.liveplane.controlplane.web.model.Statement;
import dev.liveplane.controlplane.web.model.TrafficPackage;
import dev.liveplane.controlplane.web.model.TrafficPackagePage;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.YearMonth;

/** Serves the tenant's {@code /v1/billing} routes: the catalog, purchases, packages, account, ledger, statements. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class BillingController implements BillingApi {

    private final CurrentCaller caller;
    private final Skus skus;
    private final Purchases purchases;
    private final Accounts accounts;
    private final Statements statements;
    private final BillingConfiguration config;

    BillingController(CurrentCaller caller, Skus skus, Purchases purchases, Accounts accounts, Statements statements,
            BillingConfiguration config) {
        this.caller = caller;
        this.skus = skus;
        this.purchases = purchases;
        this.accounts = accounts;
        this.statements = statements;
        this.config = config;
    }

    @Override
    public SkuPage listActiveSkus(Integer pageSize, String pageToken) {
        Slice<dev.liveplane.controlplane.web.model.Sku> page = skus.listActive(PageToken.size(pageSize),
                PageToken.decode(pageToken)).map(sku -> BillingModels.sku(sku, config.getCurrency()));
        return new SkuPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public HttpResponse<TrafficPackage> buyPackage(PackagePurchase request, String idempotencyKey) {
        Purchases.Bought bought = LockConflictRetries.run("package purchase",
                () -> purchases.buy(caller.tenantId(), request.getSkuId(), idempotencyKey));
        return HttpResponse.created(BillingModels.trafficPackage(bought.trafficPackage(), Instant.now()));
    }

    @Override
    public TrafficPackagePage listPackages(Integer pageSize, String pageToken) {
        Instant now = Instant.now();
        Slice<TrafficPackage> page = accounts.packages(caller.tenantId(), PageToken.size(pageSize),
                PageToken.decode(pageToken)).map(p -> BillingModels.trafficPackage(p, now));
        return new TrafficPackagePage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public BillingAccount getBillingAccount() {
        return BillingModels.account(accounts.account(caller.tenantId()));
    }

    @Override
    public LedgerEntryPage listLedgerEntries(Integer pageSize, String pageToken) {
        Slice<dev.liveplane.controlplane.web.model.LedgerEntry> page = accounts.ledger(caller.tenantId(),
                PageToken.size(pageSize), PageToken.decode(pageToken)).map(BillingModels::entry);
        return new LedgerEntryPage(page.items()).nextPageToken(page.nextPageToken());
    }

    /** JSON, or CSV when the client's Accept prefers {@code text/csv} (written by {@code web/StatementCsvWriter}). */
    @Override
    public Statement getStatement(String month) {
        StatementFigures figures = statements.statement(caller.tenantId(), YearMonth.parse(month));
        return new Statement(figures.month().toString(), figures.currency(), figures.opening(), figures.topUps(),
                figures.debits(), figures.purchases(), figures.packageBytes(), figures.paygBytes(), figures.payg(),
                figures.closing());
    }
}
