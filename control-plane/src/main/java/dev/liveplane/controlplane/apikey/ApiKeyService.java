package dev.liveplane.controlplane.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.secret.PrefixedSecret;
import dev.liveplane.controlplane.web.BearerCredentials;
import dev.liveplane.controlplane.web.Caller;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.Slice;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, lists and revokes API keys, and checks them when they come back as bearer tokens. */
@Singleton
final class ApiKeyService implements BearerCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);
    /** API keys read {@code lpk_{id}_{secret}}. */
    private static final String PREFIX = "lpk";
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    /** How long another instance of the control plane may go on accepting a key revoked here. */
    static final Duration CHECKED_KEY_TTL = Duration.ofSeconds(5);
    private static final int MAX_CHECKED_KEYS = 10_000;

    private final ApiKeyRepository keys;
    /**
     * Rows of keys that recently proved a caller, by id: every API call authenticates, and reading the row was one
     * of a call's two database round trips. The secret is still checked against the row on every call. A revoke
     * drops the entry here at once; on other instances it lives at most {@link #CHECKED_KEY_TTL}.
     */
    private final Cache<String, ApiKeyRow> checked = Caffeine.newBuilder().maximumSize(MAX_CHECKED_KEYS)
            .expireAfterWrite(CHECKED_KEY_TTL).build();

    ApiKeyService(ApiKeyRepository keys) {
        this.keys = keys;
    }

    /** A new key and its credential, which exists only in this answer. */
    record Created(ApiKeyRow row, String credential) {
        @Override
        public String toString() {
            return "Created[id=" + row.id() + "]";
        }
    }

    Created create(String tenantId, String name) {
        PrefixedSecret credential = PrefixedSecret.generate(PREFIX, Ids.next());
        ApiKeyRow row = keys.save(new ApiKeyRow(credential.id(), tenantId, name, credential.secretHash(),
                Times.now(), null));
        LOG.info("api key created apiKey={}", row.id());
        return new Created(row, credential.text());
    }

    Slice<ApiKeyRow> list(String tenantId, int size, String afterId) {
        return Slice.of(keys.findPage(tenantId, afterId, size + 1), size, ApiKeyRow::id);
    }

    void revoke(String tenantId, String id) {
        if (keys.deleteByIdAndTenantId(id, tenantId) == 0) {
            throw ProblemException.notFound("API key " + id);
        }
        checked.invalidate(id);
        LOG.info("api key revoked apiKey={}", id);
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        Optional<PrefixedSecret> credential = PrefixedSecret.parse(PREFIX, token);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        String id = credential.get().id();
        // Loaded inside the cache's per-key lock, so a revoke here cannot be overtaken by a read of the old row.
        ApiKeyRow row = checked.get(id, k -> keys.findById(k).orElse(null));
        if (row == null || !credential.get().matches(row.secretHash())) {
            return Optional.empty();
        }
        Instant now = Times.now();
        Instant staleBefore = now.minus(LAST_USED_RESOLUTION);
        if (row.lastUsedAt() == null || row.lastUsedAt().isBefore(staleBefore)) {
            keys.touch(id, now, staleBefore);
            checked.asMap().replace(id, row, row.usedAt(now));
        }
        return Optional.of(new Caller(Caller.Kind.API_KEY, row.tenantId()));
    }
}
