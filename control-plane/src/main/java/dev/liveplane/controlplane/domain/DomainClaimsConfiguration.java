package dev.liveplane.controlplane.domain;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How long a name may be held without proof ({@code liveplane.domains}): an unverified claim lapses after
 * {@code unverifiedClaimTtl} and the sweep removes lapsed claims every {@code claimSweepInterval};
 * {@code refuseTestNames} also refuses the RFC 6761 test and documentation names (production: the local stack and
 * the tests use {@code .test} names).
 */
@ConfigurationProperties("liveplane.domains")
public record DomainClaimsConfiguration(
        @Bindable(defaultValue = "72h") Duration unverifiedClaimTtl,
        @Bindable(defaultValue = "10m") Duration claimSweepInterval,
        @Bindable(defaultValue = "false") boolean refuseTestNames) {
}
