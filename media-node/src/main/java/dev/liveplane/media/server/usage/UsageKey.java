package dev.liveplane.media.server.usage;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.DomainOwner;
import java.util.Objects;

/**
 * Whose usage a byte or a viewer-second is: the tenant and the registration of the domain metered (the pull domain
 * a viewer played from, the push domain for ingest and relays), the stream and the protocol.
 */
public record UsageKey(String tenantId, String domainId, String domain, String app, String stream,
        Metered protocol) {

    public UsageKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(protocol, "protocol");
    }

    /**
     * The key of {@code stream}'s usage metered on {@code domain} under {@code owner}; null when the node does not
     * know the domain. A standalone node's domains have no tenant: their tenant is empty.
     */
    public static UsageKey of(DomainOwner owner, String domain, StreamKey stream, Metered protocol) {
        if (owner == null) {
            return null;
        }
        return new UsageKey(owner.tenantId() == null ? "" : owner.tenantId(), owner.domainId(), domain,
                stream.app(), stream.stream(), protocol);
    }
}
