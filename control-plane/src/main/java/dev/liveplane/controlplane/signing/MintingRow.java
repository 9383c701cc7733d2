package dev.liveplane.controlplane.signing;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * What minting a signed URL needs about one domain, read in a single query: its name and type with its signing
 * settings (keys still sealed).
 */
@Introspected
record MintingRow(String domainId, String name, String type, String scheme, long validitySeconds,
        @Nullable String primaryKeySealed, @Nullable String secondaryKeySealed) {

    @Override
    public String toString() {
        return "MintingRow[name=" + name + ", scheme=" + scheme + "]";
    }
}
