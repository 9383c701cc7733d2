package dev.liveplane.media.server.stream;

import java.util.Objects;

/**
 * Which registration of a push domain a live stream belongs to: the control plane's id for the domain (new each time
 * the name is registered, by anyone) and its tenant. A stream plays only to requests authorized under the same
 * owner, and ends when its domain's owner changes. A standalone node's domains have neither: {@link #NONE}.
 */
public record DomainOwner(String domainId, String tenantId) {

    /** A domain without id or tenant (a standalone node's domains file). */
    public static final DomainOwner NONE = new DomainOwner(null, null);

    /**
     * Whether a stream of this owner may serve a request authorized under {@code other}. A side without a domain id
     * (a snapshot saved by a node before the control plane sent ids) is judged by the tenant alone, so upgrading a
     * node does not cut every stream it serves.
     */
    public boolean sameAs(DomainOwner other) {
        return other != null && Objects.equals(tenantId, other.tenantId)
                && (domainId == null || other.domainId == null || domainId.equals(other.domainId));
    }

    @Override
    public String toString() {
        return domainId == null && tenantId == null ? "none" : domainId + "@" + tenantId;
    }
}
