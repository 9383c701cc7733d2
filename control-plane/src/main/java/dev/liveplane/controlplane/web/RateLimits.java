package dev.liveplane.controlplane.web;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The limits on guessing, each counted per {@code window} ({@code liveplane.rate-limits.*}): failed log-ins per email,
 * per client address and per email from one address, sign-ups per client address, and invalid bearer credentials per
 * client address. Only failures count, so a correct credential is never refused for others' mistakes (see
 * {@code tenant/LoginThrottle} for how an email under attack still lets its owner in).
 */
@Singleton
public final class RateLimits {

    private final RateLimiter loginsPerEmail;
    private final RateLimiter loginsPerAddress;
    private final RateLimiter loginsPerEmailFromAddress;
    private final RateLimiter signupsPerAddress;
    private final RateLimiter failedCredentials;

    RateLimits(@Value("${liveplane.rate-limits.logins-per-email:10}") int loginsPerEmail,
            @Value("${liveplane.rate-limits.logins-per-address:30}") int loginsPerAddress,
            @Value("${liveplane.rate-limits.signups-per-address:10}") int signupsPerAddress,
            @Value("${liveplane.rate-limits.failed-credentials-per-address:10}") int failedCredentialsPerAddress,
            @Value("${liveplane.rate-limits.window:1m}") Duration window,
            @Value("${liveplane.rate-limits.max-tracked-keys:10000}") int maxTrackedKeys) {
        Clock clock = Clock.systemUTC();
        this.loginsPerEmail = new RateLimiter("failed log-ins for this email", loginsPerEmail, window,
                maxTrackedKeys, clock);
        this.loginsPerAddress = new RateLimiter("failed log-ins from this address", loginsPerAddress, window,
                maxTrackedKeys, clock);
        this.loginsPerEmailFromAddress = new RateLimiter("failed log-ins for this email from this address",
                loginsPerEmail, window, maxTrackedKeys, clock);
        this.signupsPerAddress = new RateLimiter("sign-ups from this address", signupsPerAddress, window,
                maxTrackedKeys, clock);
        this.failedCredentials = new RateLimiter("invalid credentials from this address",
                failedCredentialsPerAddress, window, maxTrackedKeys, clock);
    }

    public RateLimiter loginsPerEmail() {
        return loginsPerEmail;
    }

    public RateLimiter loginsPerAddress() {
        return loginsPerAddress;
    }

    /** Keyed by {@link #emailFromAddress}. */
    public RateLimiter loginsPerEmailFromAddress() {
        return loginsPerEmailFromAddress;
    }

    public static String emailFromAddress(String email, String address) {
        return email + " " + address;
    }

    public RateLimiter signupsPerAddress() {
        return signupsPerAddress;
    }

    public RateLimiter failedCredentials() {
        return failedCredentials;
    }
}
