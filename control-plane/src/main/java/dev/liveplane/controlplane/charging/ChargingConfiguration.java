package dev.liveplane.controlplane.charging;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How downstream traffic is charged ({@code liveplane.charging}): the pay-as-you-go ladder ({@link PaygTiers}), how
 * often an instance looks for billable traffic ({@code period}; {@code enabled=false} leaves it to other instances),
 * how many billable rows one tenant's charge takes at most ({@code batchSize}), and how often the backlog is logged.
 */
@ConfigurationProperties("liveplane.charging")
record ChargingConfiguration(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "1s") Duration period,
        @Bindable(defaultValue = "1000") int batchSize,
        @Bindable(defaultValue = "10TB:24,50TB:23,100TB:21,1PB:18,*:15") String paygTiers,
        @Bindable(defaultValue = "1m") Duration backlogLogInterval) {

    ChargingConfiguration {
        if (batchSize < 1 || batchSize > 1000) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "liveplane.charging.batch-size must be 1 to 1000 (rows deleted in one statement), got "
                            + batchSize);
        }
    }
}
