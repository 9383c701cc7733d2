package dev.liveplane.media.auth;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.record.RecordingConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a node enforces at one moment: the domains by name, the streams forbidden to publish (until when;
 * {@link Instant#MAX} for good), the tenants whose pull domains are suspended, and the key HLS sessions are signed
 * with (null: the node's own), the persistent stream keys publishers may use, and what it records where. Immutable, so a new configuration is a
 * new snapshot; {@code version} is the control plane's, or -1 for one that did not come from it.
 */
public record DomainSnapshot(long version, Map<String, DomainConfig> domains, Map<StreamKey, Instant> forbidden,
        Set<String> suspendedTenants, StreamTokens hlsSessions, StreamKeyTable streamKeys, RecordingConfig recording) {

    /** Knows no domain: refuses everything. */
    public static final DomainSnapshot EMPTY = new DomainSnapshot(Map.of());

    public DomainSnapshot {
        domains = Map.copyOf(domains);
        forbidden = merged(forbidden);
        suspendedTenants = Set.copyOf(suspendedTenants);
        Objects.requireNonNull(streamKeys, "streamKeys");
        Objects.requireNonNull(recording, "recording");
        for (DomainConfig domain : domains.values()) {
            if (domain.type() == DomainConfig.Type.PULL) {
                DomainConfig push = domains.get(domain.pushDomain());
                if (push == null || push.type() != DomainConfig.Type.PUSH) {
                    throw new IllegalArgumentException("pull domain " + domain.name() + " is bound to "
                            + domain.pushDomain() + ", which is not a push domain here");
                }
            }
        }
    }

    /** Recording nothing. */
    public DomainSnapshot(long version, Map<String, DomainConfig> domains, Map<StreamKey, Instant> forbidden,
            Set<String> suspendedTenants, StreamTokens hlsSessions, StreamKeyTable streamKeys) {
        this(version, domains, forbidden, suspendedTenants, hlsSessions, streamKeys, RecordingConfig.NONE);
    }

    /** Without stream keys. */
    public DomainSnapshot(long version, Map<String, DomainConfig> domains, Map<StreamKey, Instant> forbidden,
            Set<String> suspendedTenants, StreamTokens hlsSessions) {
        this(version, domains, forbidden, suspendedTenants, hlsSessions, StreamKeyTable.NONE);
    }

    /** Just domains: a standalone node's file. */
    public DomainSnapshot(Map<String, DomainConfig> domains) {
        this(-1, domains, Map.of(), Set.of(), null);
    }

    public Optional<DomainConfig> find(String name) {
        return Optional.ofNullable(domains.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Whether publishing {@code stream} (push domain, app, stream) is forbidden at {@code now}. */
    public boolean isForbidden(StreamKey stream, Instant now) {
        Instant until = forbidden.get(stream);
        return until != null && now.isBefore(until);
    }

    /**
     * One entry per stream: keys that differ only in case are one stream ({@link StreamKey}'s rule, the control
     * plane's too), so a forbid of {@code live/Demo} is one of {@code live/demo}; the later of two ends holds.
     */
    private static Map<StreamKey, Instant> merged(Map<StreamKey, Instant> forbidden) {
        Map<StreamKey, Instant> merged = new HashMap<>();
        forbidden.forEach((key, until) -> merged.merge(key, until, (a, b) -> a.isAfter(b) ? a : b));
        return Map.copyOf(merged);
    }

    public boolean isSuspended(String tenantId) {
        return tenantId != null && suspendedTenants.contains(tenantId);
    }

    /**
     * Why a running publisher of {@code stream} must stop under this snapshot, as a short word for the unpublish
     * event (forbidden, domain_disabled, domain_removed), or null when it may go on.
     */
    public String publisherCut(StreamKey stream, Instant now) {
        DomainConfig domain = domains.get(stream.domain());
        if (domain == null || domain.type() != DomainConfig.Type.PUSH) {
            return "domain_removed";
        }
        if (!domain.enabled()) {
            return "domain_disabled";
        }
        return isForbidden(stream, now) ? "forbidden" : null;
    }

    /** Why a running viewer who played through {@code pullDomain} must stop, or null when it may go on. */
    public String viewerCut(String pullDomain) {
        DomainConfig domain = domains.get(pullDomain);
        if (domain == null) {
            return "domain_removed";
        }
        if (!domain.enabled()) {
            return "domain_disabled";
        }
        return isSuspended(domain.tenantId()) ? "tenant_suspended" : null;
    }
}
