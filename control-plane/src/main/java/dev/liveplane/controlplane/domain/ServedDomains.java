package dev.liveplane.controlplane.domain;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;

/** Reads the domains the media nodes serve, for the config snapshot the node feature builds. */
@Singleton
public final class ServedDomains {

    private final DomainRepository domains;

    ServedDomains(DomainRepository domains) {
        this.domains = domains;
    }

    /**
     * Every served domain, by name, in one query (the snapshot is rebuilt on every config change): verified ones,
     * disabled ones (so nodes refuse them and cut their sessions), and, when {@code includeUnverified}, those still
     * awaiting verification. Runs in the caller's transaction, so it reads the same moment as the caller's other
     * reads.
     */
    public List<ServedDomain> all(boolean includeUnverified) {
        return domains.findServed(includeUnverified).stream().map(ServedDomain::of).toList();
    }

    /** Of {@link #all}, those with one of {@code ids} (for a delta: only the domains that changed). */
    public List<ServedDomain> among(Collection<String> ids, boolean includeUnverified) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return domains.findServedByIds(ids, includeUnverified).stream().map(ServedDomain::of).toList();
    }
}
