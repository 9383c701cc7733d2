package dev.liveplane.controlplane.domain;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** The settings a tenant changes on a domain; a null one stays as it is. */
record DomainSettings(@Nullable Boolean enabled, @Nullable List<String> refererAllow,
        @Nullable List<String> refererDeny, @Nullable List<String> ipAllow, @Nullable List<String> ipDeny) {
}
