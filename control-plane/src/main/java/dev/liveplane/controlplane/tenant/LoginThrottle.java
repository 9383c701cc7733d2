package dev.liveplane.controlplane.tenant;

import dev.liveplane.controlplane.web.RateLimiter;
import dev.liveplane.controlplane.web.RateLimits;
import jakarta.inject.Singleton;

/**
 * Turns the failed log-ins of an email, of an address and of the pair into a decision on the next attempt. An
 * address that failed too often is refused (it is guessing). An email that failed too often is under attack, and
 * then only addresses that have not failed for it in the window are heard: its owner, logging in from their own
 * address, still gets in, while the guessing addresses wait (each new address gets one guess).
 */
@Singleton
final class LoginThrottle {

    private final RateLimiter perEmail;
    private final RateLimiter perAddress;
    private final RateLimiter perEmailFromAddress;

    LoginThrottle(RateLimits limits) {
        this.perEmail = limits.loginsPerEmail();
        this.perAddress = limits.loginsPerAddress();
        this.perEmailFromAddress = limits.loginsPerEmailFromAddress();
    }

    /** Refuses (429) an attempt that may not be checked now. */
    void beforeCheck(String email, String address) {
        perAddress.refuseIfExhausted(address);
        if (perEmail.isExhausted(email) && perEmailFromAddress.hasAny(RateLimits.emailFromAddress(email, address))) {
            perEmail.refuseIfExhausted(email);
        }
    }

    /** Counts a wrong password (or unknown email) against the email, the address and the pair. */
    void failed(String email, String address) {
        perEmail.record(email);
        perAddress.record(address);
        perEmailFromAddress.record(RateLimits.emailFromAddress(email, address));
    }
}
