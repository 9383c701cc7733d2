package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DnsProviderException;
import dev.liveplane.controlplane.domain.PlatformNames;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
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
 * calls per period.
 */
@Singleton
class NodeNames {

    static final int REFRESHED_PER_RUN = 4;
    private static final Logger LOG = LoggerFactory.getLogger(NodeNames.class);

    private final NodeRepository nodes;
    private final DnsProvider dns;
    /** Name to address, as this instance wrote them (empty at boot: every reachable node's name is written then). */
    private final Map<String, String> published = new HashMap<>();
    /** Where the schedule's rewriting in turn goes on from. */
    private int turn;

    NodeNames(NodeRepository nodes, DnsProvider dns) {
        this.nodes = nodes;
        this.dns = dns;
    }

    /**
     * Brings the records in line with the nodes table: writes the names whose address this instance has not written,
     * removes those it wrote for nodes no longer reachable, and with {@code scheduled} rewrites a few more in turn.
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
        List<String> removals = published.keySet().stream().filter(name -> !wanted.containsKey(name)).toList();
        try {
            for (String name : writes) {
                dns.upsertAddresses(name, List.of(wanted.get(name)));
                published.put(name, wanted.get(name));
            }
            for (String name : removals) {
                dns.deleteRecords(name);
                published.remove(name);
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
