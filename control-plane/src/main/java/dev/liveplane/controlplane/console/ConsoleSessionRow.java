package dev.liveplane.controlplane.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A console session: the SHA-256 of its cookie's secret (hex), never the secret, and who it is for: a tenant's user
 * ({@code role} tenant, with the tenant and the email it logged in with) or the operator.
 */
@MappedEntity("console_sessions")
record ConsoleSessionRow(@Id String id, String secretHash, String role, @Nullable String tenantId,
        @Nullable String email, Instant createdAt, Instant expiresAt) {

    static final String TENANT = "tenant";
    static final String OPERATOR = "operator";

    @Override
    public String toString() {
        return "ConsoleSessionRow[id=" + id + ", role=" + role + ", tenantId=" + tenantId + "]";
    }
}
