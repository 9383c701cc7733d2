package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.tenant.TenantService;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's credits (top-ups) and debits of a tenant's balance, each a ledger entry with its reason. */
@Singleton
public class Adjustments {

    private static final Logger LOG = LoggerFactory.getLogger(Adjustments.class);

    private final Ledger ledger;
    private final Standing standing;
    private final TenantService tenants;

    Adjustments(Ledger ledger, Standing standing, TenantService tenants) {
        this.ledger = ledger;
        this.standing = standing;
        this.tenants = tenants;
    }

    /** Credits ({@code credit} true) or debits {@code amount} minor units; 404 for an unknown tenant. */
    @Transactional
    public LedgerEntry adjust(String tenantId, boolean credit, long amount, String reason) {
        if (!tenants.exists(tenantId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No tenant " + tenantId);
        }
        ledger.lock(tenantId);
        LedgerEntry entry = ledger.append(tenantId, credit ? EntryKind.CREDIT : EntryKind.DEBIT,
                credit ? amount : -amount, null, null, reason, YearMonth.from(Times.now().atZone(ZoneOffset.UTC)));
        standing.refresh(tenantId);
        LOG.info("event=balance_adjusted tenant={} kind={} amount={} balance={}", tenantId, entry.kind().column(),
                entry.amount(), entry.balanceAfter());
        return entry;
    }
}
