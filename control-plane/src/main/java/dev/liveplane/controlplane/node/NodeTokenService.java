package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.secret.PrefixedSecret;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mints, lists and revokes bootstrap tokens, and checks one when a node registers with it. */
@Singleton
final class NodeTokenService {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTokenService.class);
    /** Bootstrap tokens read {@code lpb_{id}_{secret}}. */
    private static final String PREFIX = "lpb";
    static final Duration DEFAULT_TTL = Duration.ofDays(1);

    private final NodeTokenRepository tokens;

    NodeTokenService(NodeTokenRepository tokens) {
        this.tokens = tokens;
    }

    /** A new token and its text, which exists only in this answer. */
    record Created(NodeTokenRow row, String token) {
        @Override
        public String toString() {
            return "Created[id=" + row.id() + "]";
        }
    }

    Created create(@Nullable String description, @Nullable Long ttlSeconds) {
        PrefixedSecret credential = PrefixedSecret.generate(PREFIX, Ids.next());
        Instant now = Times.now();
        Duration ttl = ttlSeconds == null ? DEFAULT_TTL : Duration.ofSeconds(ttlSeconds);
        NodeTokenRow row = tokens.save(new NodeTokenRow(credential.id(), description, credential.secretHash(), now,
                now.plus(ttl), null));
        LOG.info("node token created nodeToken={} expiresAt={}", row.id(), row.expiresAt());
        return new Created(row, credential.text());
    }

    Slice<NodeTokenRow> list(int size, String afterId) {
        return Slice.of(tokens.findPage(afterId, size + 1), size, NodeTokenRow::id);
    }

    /** Revokes the token; revoking it again is no error. Nodes it registered keep their own credentials. */
    void revoke(String id) {
        if (tokens.revoke(id, Times.now()) == 0 && !tokens.existsById(id)) {
            throw ProblemException.notFound("Node token " + id);
        }
        LOG.info("node token revoked nodeToken={}", id);
    }

    /** The id of the token {@code text} is, if it is one that may register a node now. */
    Optional<String> authenticate(String text) {
        Optional<PrefixedSecret> credential = PrefixedSecret.parse(PREFIX, text);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Times.now();
        return tokens.findById(credential.get().id())
                .filter(row -> credential.get().matches(row.secretHash()) && row.usableAt(now))
                .map(NodeTokenRow::id);
    }
}
