package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.billing.Account;
import dev.liveplane.controlplane.billing.MonthCharges;
import dev.liveplane.controlplane.billing.Sku;
import dev.liveplane.controlplane.web.model.BillingAccount;
import dev.liveplane.controlplane.web.model.LedgerEntry;
import dev.liveplane.controlplane.web.model.LedgerEntryKind;
import dev.liveplane.controlplane.web.model.TrafficPackage;
import java.time.Instant;

/**
 * Maps billing's records to the spec's models. Here, in the HTTP layer, because two controllers answer them: the
 * tenant's billing routes and the operator's ({@code OperatorController} implements every operator-tagged route).
 */
public final class BillingModels {

    private BillingModels() {
    }

    public static BillingAccount account(Account account) {
        Instant now = Instant.now();
        MonthCharges month = account.month();
        return new BillingAccount(account.tenantId(), account.currency(), account.balance(), account.packageBytes(),
                account.packages().stream().map(p -> trafficPackage(p, now)).toList(), account.suspended(),
                account.quotaLow(), new dev.liveplane.controlplane.web.model.MonthCharges(month.month().toString(),
                        month.purchases(), month.packageBytes(), month.paygBytes(), month.payg()));
    }

    public static TrafficPackage trafficPackage(dev.liveplane.controlplane.billing.TrafficPackage p, Instant now) {
        return new TrafficPackage(p.id(), p.skuId(), p.name(), p.sizeBytes(), p.remainingBytes(), p.price(),
                Times.utc(p.purchasedAt()), Times.utc(p.expiresAt()), p.expiredAt(now));
    }

    public static dev.liveplane.controlplane.web.model.Sku sku(Sku sku, String currency) {
        return new dev.liveplane.controlplane.web.model.Sku(sku.id(), sku.name(), sku.sizeBytes(), sku.validityDays(),
                sku.price(), currency, sku.active(), Times.utc(sku.createdAt()));
    }

    public static LedgerEntry entry(dev.liveplane.controlplane.billing.LedgerEntry entry) {
        return new LedgerEntry(entry.id(), LedgerEntryKind.fromValue(entry.kind().column()), entry.amount(),
                entry.balanceAfter(), entry.month().toString(), Times.utc(entry.createdAt()))
                .bytes(entry.bytes()).packageId(entry.packageId()).reason(entry.reason());
    }
}
