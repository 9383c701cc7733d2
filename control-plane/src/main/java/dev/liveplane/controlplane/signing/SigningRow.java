package dev.liveplane.controlplane.signing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * How one domain's URLs are signed: the scheme, the validity period, and the primary and secondary keys sealed
 * with the master key (the service must read them back to sign, so they are encrypted, not hashed).
 */
@MappedEntity("domain_signing")
record SigningRow(@Id String domainId, String scheme, long validitySeconds, @Nullable String primaryKeySealed,
        @Nullable String secondaryKeySealed) {

    @Override
    public String toString() {
        return "SigningRow[domainId=" + domainId + ", scheme=" + scheme + "]";
    }
}
