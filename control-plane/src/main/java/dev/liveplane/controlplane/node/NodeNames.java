package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DnsProviderException;
import dev.liveplane.controlplane.domain.PlatformNames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one A/AAAA record per reachable node, {@code {id}.nodes.{zone}} holding its address, and removes it when the
 * node goes silent or is deleted. A CDN whose default origin is any node sends a viewer's later HLS requests to the
 * node that opened the session, which names itself in the viewer's URIs ({@code /_n/{id}/...}); the CDN's function
 * builds that node's origin as {@code {id}.{suffix}} with {@code nodes.{zone}} as the suffix (terraform/modules/cdn).
 * A draining node keeps its name, since its viewers' sessions run on. Reconciled with the edge records
 * ({@link EdgeRecords}), on the same changes and schedule.
 *
 * <p>The provider is called per name (two Route53 calls each, under an account-wide limit of five a second), so a
 * reconcile writes only what changed since this instance last wrote, and the schedule also rewrites
 * {@value #REFRESHED_PER_RUN} other names in turn: a name another instance removed meanwhile comes back within
 * {@code nodes / }{@value #REFRESHED_PER_RUN} periods, and a fleet of any size costs the provider a bounded number of
 * calls per period. Each instance removes, once, the name of every node heard from within {@link #REMOVAL_HORIZON}
 * that is no longer reachable, whoever wrote it: the churn of that hour bounds the calls.
 */
@Singleton
class NodeNames {

    static final int REFRESHED_PER_RUN = 4;
    static final Duration REMOVAL_HORIZON = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(NodeNames.class);

    private final NodeRepository nodes;
    private final DnsProvider dns;
    /** Name to address, as this instance wrote them (empty at boot: every reachable node's name is written then). */
    private final Map<String, String> published = new HashMap<>();
    /** Names this instance removed since their node was last reachable. */
    private final Set<String> removed = new HashSet<>();
    private final Clock clock;
    /** Where the schedule's rewriting in turn goes on from. */
    private int turn;

    @Inject
    NodeNames(NodeRepository nodes, DnsProvider dns) {
        this(nodes, dns, Clock.systemUTC());
    }

    NodeNames(NodeRepository nodes, DnsProvider dns, Clock clock) {
        this.nodes = nodes;
        this.dns = dns;
        this.clock = clock;
    }

    /**
     * Brings the records in line with the nodes table: writes the names whose address this instance has not written,
     * removes those of nodes no longer reachable (that it wrote, or heard from within the horizon) that it has not
     * removed yet, and with {@code scheduled} rewrites a few more in turn.
     * A provider failure stops the pass; what is left is written at the next reconcile.
     */
    synchronized void reconcile(boolean scheduled) {
        Map<String, String> wanted = new TreeMap<>();
        for (NodeNameRow row : nodes.findReachable()) {
            wanted.put(PlatformNames.node(row.id(), dns.zone()), row.address());
        }
        Set<String> writes = new LinkedHashSet<>();
        wanted.forEach((name, address) -> {
            if (!address.equals(published.get(name))) {
                writes.add(name);
            }
        });
        int changed = writes.size();
        if (scheduled && !wanted.isEmpty()) {
            List<String> names = new ArrayList<>(wanted.keySet());
            for (int i = 0; i < Math.min(REFRESHED_PER_RUN, names.size()); i++) {
                writes.add(names.get(Math.floorMod(turn++, names.size())));
            }
        }
        Set<String> recentlyGone = new HashSet<>();
        for (NodeNameRow gone : nodes.findRecentlyUnreachable(clock.instant().minus(REMOVAL_HORIZON))) {
            recentlyGone.add(PlatformNames.node(gone.id(), dns.zone()));
        }
        removed.retainAll(recentlyGone); // back in service, or gone long enough not to be asked about again
        Set<String> removals = new LinkedHashSet<>(published.keySet());
        removals.addAll(recentlyGone);
        removals.removeAll(wanted.keySet());
        removals.removeAll(removed);
        try {
            for (String name : writes) {
                dns.upsertAddresses(name, List.of(wanted.get(name)));
                published.put(name, wanted.get(name));
            }
            for (String name : removals) {
                dns.deleteRecords(name);
                published.remove(name);
                removed.add(name);
            }
        } catch (DnsProviderException e) {
            LOG.warn("node names not all published, dns provider failed error={}", e.getMessage());
            return;
        }
        if (changed > 0 || !removals.isEmpty()) {
            LOG.info("node names published names={} written={} removed={}", wanted.size(), changed,
                    removals.size());
        }
    }
}
