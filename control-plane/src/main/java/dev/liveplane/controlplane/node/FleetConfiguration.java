package dev.liveplane.controlplane.node;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the fleet is run ({@code liveplane.fleet}): how often nodes heartbeat, how long a silent node keeps its place
 * in DNS, how long a node credential lives, and whether domains still awaiting verification reach the nodes (the
 * local stack, where nobody can publish a real TXT record).
 */
@ConfigurationProperties("liveplane.fleet")
public record FleetConfiguration(
        @Bindable(defaultValue = "5s") Duration heartbeatInterval,
        @Bindable(defaultValue = "30s") Duration heartbeatTimeout,
        @Bindable(defaultValue = "24h") Duration credentialLifetime,
        @Bindable(defaultValue = "false") boolean serveUnverifiedDomains) {
}
