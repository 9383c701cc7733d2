package dev.liveplane.controlplane.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's push or pull domain. {@code type} is {@code push} or {@code pull}; {@code cnameStatus} one of the
 * API's CNAME statuses; the domain is verified (ACTIVE) once {@code verifiedAt} is set.
 */
@MappedEntity("domains")
public record DomainRow(
        @Id String id,
        String tenantId,
        String name,
        String type,
        @Nullable String pushDomain,
        boolean enabled,
        String cname,
        String cnameStatus,
        String challengeToken,
        @TypeDef(type = DataType.STRING, converter = LinesConverter.class) List<String> refererAllow,
        @TypeDef(type = DataType.STRING, converter = LinesConverter.class) List<String> refererDeny,
        @TypeDef(type = DataType.STRING, converter = LinesConverter.class) List<String> ipAllow,
        @TypeDef(type = DataType.STRING, converter = LinesConverter.class) List<String> ipDeny,
        Instant createdAt,
        @Nullable Instant verifiedAt,
        @Nullable Instant lastCheckedAt) {

    public static final String PUSH = "push";

    public boolean isPush() {
        return PUSH.equals(type);
    }

    DomainRow withLists(List<String> refererAllow, List<String> refererDeny, List<String> ipAllow,
            List<String> ipDeny) {
        return new DomainRow(id, tenantId, name, type, pushDomain, enabled, cname, cnameStatus, challengeToken,
                refererAllow, refererDeny, ipAllow, ipDeny, createdAt, verifiedAt, lastCheckedAt);
    }

    DomainRow withEnabled(boolean enabled) {
        return new DomainRow(id, tenantId, name, type, pushDomain, enabled, cname, cnameStatus, challengeToken,
                refererAllow, refererDeny, ipAllow, ipDeny, createdAt, verifiedAt, lastCheckedAt);
    }
}
