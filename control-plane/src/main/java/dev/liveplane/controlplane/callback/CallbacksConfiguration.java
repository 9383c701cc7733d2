package dev.liveplane.controlplane.callback;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How webhooks are sent ({@code liveplane.callbacks}): how many requests may be in flight per instance, the time a
 * receiver gets to connect and to answer, how often due deliveries are looked for, and the retry schedule (its
 * first delay, which the later ones multiply, and the attempts before a delivery is given up), and whether
 * receivers may be on internal addresses (only on the local stack).
 */
@ConfigurationProperties("liveplane.callbacks")
record CallbacksConfiguration(
        @Bindable(defaultValue = "true") boolean dispatcherEnabled,
        @Bindable(defaultValue = "8") int maxInFlight,
        @Bindable(defaultValue = "3s") Duration connectTimeout,
        @Bindable(defaultValue = "10s") Duration requestTimeout,
        @Bindable(defaultValue = "500ms") Duration pollInterval,
        @Bindable(defaultValue = "10s") Duration retryBase,
        @Bindable(defaultValue = "8") int maxAttempts,
        @Bindable(defaultValue = "false") boolean allowPrivateAddresses) {

    /**
     * How long a claimed delivery stays hidden from other instances: past the longest a send can take, so only an
     * instance that died mid-send lets another one retry it.
     */
    Duration claimLease() {
        return connectTimeout.plus(requestTimeout).plusSeconds(30);
    }
}
