package dev.liveplane.controlplane.domain;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;

/**
 * How the service reaches DNS ({@code liveplane.dns}): which provider keeps the platform zone ({@code embedded} or
 * {@code route53}, optionally at another endpoint such as LocalStack) and which resolver answers the tenants'
 * lookups, within what time. The re-check interval ({@code liveplane.dns.recheck-interval}) is read by
 * {@link DomainRechecker}'s schedule.
 */
@ConfigurationProperties("liveplane.dns")
record DnsConfiguration(
        @Bindable(defaultValue = "embedded") String provider,
        @Nullable String resolver,
        @Nullable String route53ZoneId,
        @Nullable URI route53Endpoint,
        @Bindable(defaultValue = "5353") int embeddedPort,
        @Bindable(defaultValue = "127.0.0.1") String embeddedAddress,
        @Bindable(defaultValue = "5s") Duration lookupTimeout) {
}
