package dev.liveplane.controlplane.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.domain.DomainService;
import dev.liveplane.controlplane.domain.TenantDomain;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forbids and resumes a tenant's streams. Each change bumps the config version in its own transaction, so nodes
 * fetch a snapshot with the change and cut (or allow) the publisher within their long poll.
 */
@Singleton
final class Forbids {

    private static final Logger LOG = LoggerFactory.getLogger(Forbids.class);

    private final DomainService domains;
    private final ForbiddenStreamRepository forbids;
    private final ConfigVersion configVersion;
    private final TransactionOperations<Connection> transactions;

    Forbids(DomainService domains, ForbiddenStreamRepository forbids, ConfigVersion configVersion,
            TransactionOperations<Connection> transactions) {
        this.domains = domains;
        this.forbids = forbids;
        this.configVersion = configVersion;
        this.transactions = transactions;
    }

    ForbiddenStreamRow forbid(String tenantId, String domainName, String app, String stream,
            @Nullable OffsetDateTime until, @Nullable String reason) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        Instant now = Times.now();
        Instant untilAt = until == null ? null : until.toInstant().truncatedTo(ChronoUnit.MILLIS);
        if (untilAt != null && !untilAt.isAfter(now)) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "until",
                    "must be in the future; leave it out to forbid until resumed");
        }
        ForbiddenStreamRow row = new ForbiddenStreamRow(Ids.next(), tenantId, domain.name(), app, stream, untilAt,
                reason, now);
        transactions.executeWrite(status -> {
            forbids.upsert(row.id(), tenantId, row.domain(), app, stream, untilAt, reason, now);
            configVersion.bump(ConfigChange.forbiddenStream(row.domain(), app, stream));
            return null;
        });
        LOG.info("stream forbidden domain={} app={} stream={} until={}", row.domain(), app, stream, untilAt);
        return row;
    }

    /** Lifts a forbid; resuming a stream that is not forbidden is not an error (and bumps nothing). */
    void resume(String tenantId, String domainName, String app, String stream) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        int removed = transactions.executeWrite(status ->
            configVersion.bumpIfChanged(forbids.delete(tenantId, domain.name(), app, stream),
                ConfigChange.forbiddenStream(domain.name(), app, stream)));
        LOG.info("stream resumed domain={} app={} stream={} wasForbidden={}", domain.name(), app, stream,
                removed > 0);
    }

    Slice<ForbiddenStreamRow> list(String tenantId, @Nullable String domain, int size, @Nullable String pageToken) {
        StreamKey after = StreamPages.after(pageToken);
        return Slice.of(forbids.findPage(tenantId, StreamPages.domainFilter(domain), Times.now(), after.domain(),
                after.app(), after.stream(), size + 1), size,
                row -> StreamPages.pageKey(new StreamKey(row.domain(), row.app(), row.stream())));
    }
}
