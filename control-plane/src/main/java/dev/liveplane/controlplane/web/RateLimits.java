package dev.liveplane.controlplane.web;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The limits on guessing: log-in attempts per email and per client address, sign-ups per client address, and
 * invalid bearer credentials per client address, each counted per {@code window} ({@code liveplane.rate-limits.*}).
 */
@Singleton
public final class RateLimits {

    private final RateLimiter loginsPerEmail;
    private final RateLimiter loginsPerAddress;
    private final RateLimiter signupsPerAddress;
    private final RateLimiter failedCredentials;

    RateLimits(@Value("${liveplane.rate-limits.logins-per-email:10}") int loginsPerEmail,
            @Value("${liveplane.rate-limits.logins-per-address:30}") int loginsPerAddress,
            @Value("${liveplane.rate-limits.signups-per-address:10}") int signupsPerAddress,
            @Value("${liveplane.rate-limits.failed-credentials-per-address:10}") int failedCredentialsPerAddress,
            @Value("${liveplane.rate-limits.window:1m}") Duration window,
            @Value("${liveplane.rate-limits.max-tracked-keys:10000}") int maxTrackedKeys) {
        Clock clock = Clock.systemUTC();
        this.loginsPerEmail = new RateLimiter("log-in attempts for this email", loginsPerEmail, window,
                maxTrackedKeys, clock);
        this.loginsPerAddress = new RateLimiter("log-in attempts from this address", loginsPerAddress, window,
                maxTrackedKeys, clock);
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

    public RateLimiter signupsPerAddress() {
        return signupsPerAddress;
    }

    public RateLimiter failedCredentials() {
        return failedCredentials;
    }
}
