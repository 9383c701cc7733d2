package dev.liveplane.controlplane.billing;

import java.util.List;

/** A tenant's billing account as read now: balance, usable packages, standing and this month's charges. */
public record Account(String tenantId, String currency, long balance, long packageBytes,
        List<TrafficPackage> packages, boolean suspended, boolean quotaLow, MonthCharges month) {
}
