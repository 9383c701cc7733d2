package dev.liveplane.controlplane.streamkey;

import dev.liveplane.api.streamkey.StreamKeyCredential;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.domain.DomainService;
import dev.liveplane.controlplane.domain.TenantDomain;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, lists, revokes and rotates the persistent stream keys of a tenant's push domains. Each change bumps the
 * config version in its own transaction, so nodes accept a new key, and cut a publisher of a revoked one, within
 * their long poll. Secrets exist in the answer to a create or rotate only; logs name keys by id.
 */
@Singleton
final class StreamKeyService {

    private static final Logger LOG = LoggerFactory.getLogger(StreamKeyService.class);

    private final DomainService domains;
    private final StreamKeyRepository keys;
    private final ConfigVersion configVersion;
    private final TransactionOperations<Connection> transactions;

    StreamKeyService(DomainService domains, StreamKeyRepository keys, ConfigVersion configVersion,
            TransactionOperations<Connection> transactions) {
        this.domains = domains;
        this.keys = keys;
        this.configVersion = configVersion;
        this.transactions = transactions;
    }

    /** A new key with its push domain's name and its text, which exists only in this answer. */
    record Created(StreamKeyRow row, String domain, String value) {
        @Override
        public String toString() {
            return "Created[id=" + row.id() + "]";
        }
    }

    Created create(String tenantId, String domainName, String app, String stream, @Nullable String description) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        checkNames(app, stream);
        Created created = transactions.executeWrite(status -> {
            Created key = insert(tenantId, domain, app, stream, description);
            configVersion.bump(ConfigChange.streamKey(key.row().id()));
            return key;
        });
        LOG.info("stream key created tenant={} domain={} app={} stream={} streamKey={}", tenantId, domain.name(), app,
                stream, created.row().id());
        return created;
    }

    /** One page of a push domain's keys, with the domain's stored name. */
    record Page(String domain, Slice<StreamKeyRow> keys) {
    }

    Page list(String tenantId, String domainName, int size, String afterId) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        return new Page(domain.name(), Slice.of(keys.findPage(domain.id(), afterId, size + 1), size,
                StreamKeyRow::id));
    }

    void revoke(String tenantId, String domainName, String id) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        transactions.executeWrite(status -> {
            if (keys.deleteByIdAndDomainId(id, domain.id()) == 0) {
                throw ProblemException.notFound("Stream key " + id);
            }
            configVersion.bump(ConfigChange.streamKey(id));
            return null;
        });
        LOG.info("stream key revoked tenant={} domain={} streamKey={}", tenantId, domain.name(), id);
    }

    /** A new key for the old one's stream, the old one revoked, in one change nodes see at once. */
    Created rotate(String tenantId, String domainName, String id) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        Created created = transactions.executeWrite(status -> {
            StreamKeyRow old = keys.findByIdAndDomainId(id, domain.id())
                    .orElseThrow(() -> ProblemException.notFound("Stream key " + id));
            if (keys.deleteByIdAndDomainId(id, domain.id()) == 0) {
                throw ProblemException.notFound("Stream key " + id); // revoked by a concurrent call
            }
            Created key = insert(tenantId, domain, old.app(), old.stream(), old.description());
            configVersion.bump(ConfigChange.streamKey(id), ConfigChange.streamKey(key.row().id()));
            return key;
        });
        LOG.info("stream key rotated tenant={} domain={} streamKey={} replacedBy={}", tenantId, domain.name(), id,
                created.row().id());
        return created;
    }

    private Created insert(String tenantId, TenantDomain domain, String app, String stream,
            @Nullable String description) {
        StreamKeyCredential credential = StreamKeyCredential.generate(Ids.next());
        StreamKeyRow row = keys.save(new StreamKeyRow(credential.id(), tenantId, domain.id(), app, stream,
                description, credential.secretHash(), Times.now()));
        return new Created(row, domain.name(), credential.text());
    }

    /**
     * The spec's pattern has the rest checked: '.' and '..' name no stream, and a stream named like a key could not
     * be published, since nodes read such a stream name as a key.
     */
    private static void checkNames(String app, String stream) {
        for (String field : List.of("app", "stream")) {
            String name = field.equals("app") ? app : stream;
            if (name.equals(".") || name.equals("..")) {
                throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, field, "'.' and '..' are not names");
            }
        }
        if (StreamKeyCredential.looksLikeOne(stream)) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "stream",
                    "names starting " + StreamKeyCredential.PREFIX + "_ are taken by stream keys");
        }
    }
}
