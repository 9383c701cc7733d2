package dev.liveplane.controlplane.billing;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code liveplane.billing.*}: the deployment's one currency, how far the balance may go below zero before plays are
 * suspended, the quota-low threshold, whether tenants never funded are held to it, and how often package expiry is
 * looked for.
 */
@ConfigurationProperties("liveplane.billing")
public class BillingConfiguration {

    private String currency = "USD";
    private long overdraft;
    private long quotaLowBytes = 10L * 1024 * 1024 * 1024;
    private long quotaLowBalance = 1000;
    private boolean enforceUnfunded;
    private Duration expiryCheckInterval = Duration.ofSeconds(30);

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public long getOverdraft() {
        return overdraft;
    }

    public void setOverdraft(long overdraft) {
        this.overdraft = overdraft;
    }

    public long getQuotaLowBytes() {
        return quotaLowBytes;
    }

    public void setQuotaLowBytes(long quotaLowBytes) {
        this.quotaLowBytes = quotaLowBytes;
    }

    public long getQuotaLowBalance() {
        return quotaLowBalance;
    }

    public void setQuotaLowBalance(long quotaLowBalance) {
        this.quotaLowBalance = quotaLowBalance;
    }

    public boolean isEnforceUnfunded() {
        return enforceUnfunded;
    }

    public void setEnforceUnfunded(boolean enforceUnfunded) {
        this.enforceUnfunded = enforceUnfunded;
    }

    public Duration getExpiryCheckInterval() {
        return expiryCheckInterval;
    }

    public void setExpiryCheckInterval(Duration expiryCheckInterval) {
        this.expiryCheckInterval = expiryCheckInterval;
    }
}
