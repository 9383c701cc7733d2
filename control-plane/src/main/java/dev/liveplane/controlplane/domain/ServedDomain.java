package dev.liveplane.controlplane.domain;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A domain as the media nodes enforce it: who holds it, whether it takes pushes ({@code type} {@code push}) or plays
 * a push domain's streams ({@code pull}, with {@code pushDomain}), whether it is enabled, and its referer and IP
 * lists. {@code id} is new whenever a name is registered again, and is what its signing keys are sealed to.
 */
public record ServedDomain(String id, String tenantId, String name, String type, @Nullable String pushDomain,
        boolean enabled, List<String> refererAllow, List<String> refererDeny, List<String> ipAllow,
        List<String> ipDeny) {

    static ServedDomain of(DomainRow row) {
        return new ServedDomain(row.id(), row.tenantId(), row.name(), row.type(), row.pushDomain(), row.enabled(),
                row.refererAllow(), row.refererDeny(), row.ipAllow(), row.ipDeny());
    }
}
