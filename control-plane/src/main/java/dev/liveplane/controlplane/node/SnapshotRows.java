package dev.liveplane.controlplane.node;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** The rows a config snapshot is made of, beside the domains themselves: each read whole, in one query per kind. */
final class SnapshotRows {

    private SnapshotRows() {
    }

    /** A domain's signing settings, keys still sealed. */
    @Introspected
    record Signing(String domainId, String scheme, long validitySeconds, @Nullable String primaryKeySealed,
            @Nullable String secondaryKeySealed) {

        @Override
        public String toString() {
            return "Signing[domainId=" + domainId + "]";
        }
    }

    /** A domain's JWT public key, as JWK JSON. */
    @Introspected
    record JwtKey(String domainId, String jwk) {
    }

    /** A stream refused until {@code untilAt}, or for good when that is null. */
    @Introspected
    record Forbidden(String domain, String app, String stream, @Nullable Instant untilAt) {
    }
}
