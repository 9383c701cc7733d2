package dev.liveplane.controlplane.billing;

import java.time.YearMonth;

/** What a month cost so far: spent on packages, bytes taken from packages, bytes and money charged pay-as-you-go. */
public record MonthCharges(YearMonth month, long purchases, long packageBytes, long paygBytes, long payg) {
}
