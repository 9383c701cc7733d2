package dev.liveplane.controlplane.billing;

import java.time.YearMonth;

/**
 * One month's statement from the ledger. {@code opening + topUps - debits - purchases - payg = closing} holds to the
 * minor unit because every figure is a sum over the same entries.
 */
public record StatementFigures(YearMonth month, String currency, long opening, long topUps, long debits,
        long purchases, long packageBytes, long paygBytes, long payg, long closing) {
}
