package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.ConfigSnapshot;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.DomainSnapshot;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The snapshot in force in the two forms a node needs: the spec's {@link ConfigSnapshot} as the control plane sent it
 * (or as deltas made it), which deltas apply to and the state directory saves, and the {@link DomainSnapshot} the
 * authorizer enforces, read from it. Neither is changed once held: a delta makes a new one.
 */
record HeldSnapshot(ConfigSnapshot wire, DomainSnapshot enforced, Map<String, SnapshotDomain> domainsById) {

    /** Indexes {@code wire}'s domains by id; a saved snapshot from before domains had ids gets no index. */
    static HeldSnapshot of(ConfigSnapshot wire, DomainSnapshot enforced) {
        Map<String, SnapshotDomain> byId = new LinkedHashMap<>();
        for (SnapshotDomain domain : wire.getDomains()) {
            if (domain.getId() == null || byId.put(domain.getId(), domain) != null) {
                return new HeldSnapshot(wire, enforced, null);
            }
        }
        return new HeldSnapshot(wire, enforced, Collections.unmodifiableMap(byId));
    }

    /**
     * What this snapshot enforces for {@code domain} if it holds that very object (a delta carries unchanged domains
     * over as they are), else null: the domain must be read anew.
     */
    DomainConfig converted(SnapshotDomain domain) {
        if (domainsById == null || domain.getId() == null || domainsById.get(domain.getId()) != domain) {
            return null;
        }
        DomainConfig config = enforced.domains().get(domain.getName().trim().toLowerCase(Locale.ROOT));
        return config != null && domain.getId().equals(config.id()) ? config : null;
    }

    long version() {
        return enforced.version();
    }

    /**
     * Whether deltas can apply to it: they replace domains by id, so every domain needs a distinct one (a control
     * plane's snapshot has them; a node's file saved before ids existed may not, and is followed by whole snapshots
     * until the next one replaces it).
     */
    boolean takesDeltas() {
        return domainsById != null;
    }
}
