package dev.liveplane.controlplane.charging;

import java.sql.Connection;

/**
 * Told after each step of a {@link TenantCharge}, inside its transaction. It exists only so that
 * {@code ChargerCrashTest} can kill the charge's database connection at an exact step (instead of racing the charge
 * to a lock); production keeps {@link #NONE}. A listener that throws rolls the charge back.
 */
interface ChargeSteps {

    /** Does nothing: the charger's own. */
    ChargeSteps NONE = (step, tenantId, connection) -> {
    };

    /** The steps, in the order a charge reaches them ({@link #PACKAGE_TAKEN} and {@link #PAYG_MONTH} once each). */
    enum Step {
        /** The batch's journal rows are locked. */
        ROWS_TAKEN,
        /** The tenant's account is locked. */
        ACCOUNT_LOCKED,
        /** Bytes are taken from a package and its usage entered. */
        PACKAGE_TAKEN,
        /** A month's pay-as-you-go bytes are written and charged (money moved). */
        PAYG_MONTH,
        /** Everything is charged; the journal rows are deleted next. */
        BEFORE_ROWS_DELETED
    }

    void after(Step step, String tenantId, Connection connection);
}
