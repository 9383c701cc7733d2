package dev.liveplane.controlplane.stream;

import io.micronaut.core.annotation.Introspected;

/** The few columns of a domain that recording a stream event needs: whose it is and whether it takes pushes. */
@Introspected
record StreamDomain(String id, String tenantId, String name, String type) {

    boolean isPush() {
        return "push".equals(type);
    }
}
