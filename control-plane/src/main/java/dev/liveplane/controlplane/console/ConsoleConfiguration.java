package dev.liveplane.controlplane.console;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The web console's sessions ({@code liveplane.console}): whether the session cookie is {@code Secure} (off only
 * where the console is served over plain HTTP, as the local stack is) and how long a session lasts.
 */
@ConfigurationProperties("liveplane.console")
record ConsoleConfiguration(
        @Bindable(defaultValue = "true") boolean secureCookie,
        @Bindable(defaultValue = "12h") Duration sessionLifetime) {
}
