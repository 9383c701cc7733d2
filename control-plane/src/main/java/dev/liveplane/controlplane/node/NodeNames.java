package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DnsProviderException;
import dev.liveplane.controlplane.domain.PlatformNames;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one A/AAAA record per reachable node, {@code {id}.nodes.{zone}} holding its address, and none for the others.
 * A CDN whose default origin is any node sends a viewer's later HLS requests to the node that opened the session,
 * which names itself in the viewer's URIs ({@code /_n/{id}/...}); the CDN's function builds that node's origin as
 * {@code {id}.{suffix}} with this zone's {@code nodes.{zone}} as the suffix (terraform/modules/cdn). A draining node
 * keeps its name, since its viewers' sessions run on; a silent or deleted one loses it. Reconciled with the edge
 * records ({@link EdgeRecords}), on the same changes and schedule.
 */
@Singleton
class NodeNames {

    private static final Logger LOG = LoggerFactory.getLogger(NodeNames.class);

    private final NodeRepository nodes;
    private final DnsProvider dns;
    /** Name to address, as this instance last wrote them; null when unknown (at boot, after a failed call). */
    private Map<String, String> published;

    NodeNames(NodeRepository nodes, DnsProvider dns) {
        this.nodes = nodes;
        this.dns = dns;
    }

    /**
     * Brings the records in line with the nodes table: writes the names whose address changed (all of them when
     * {@code always}, since another instance may have written since) and removes the names of nodes gone silent or
     * deleted. A provider failure is logged; the next reconcile writes everything again.
     */
    synchronized void reconcile(boolean always) {
        Map<String, String> wanted = new TreeMap<>();
        for (NodeNameRow row : nodes.findReachable()) {
            wanted.put(PlatformNames.node(row.id(), dns.zone()), row.address());
        }
        if (!always && wanted.equals(published)) {
            return;
        }
        Set<String> stale = new HashSet<>();
        if (published == null) {
            // Unknown what is in the zone: any node this fleet has known may have a name left there.
            nodes.findStandings().forEach(node -> stale.add(PlatformNames.node(node.id(), dns.zone())));
        } else {
            stale.addAll(published.keySet());
        }
        stale.removeAll(wanted.keySet());
        try {
            for (Map.Entry<String, String> name : wanted.entrySet()) {
                if (always || published == null || !Objects.equals(published.get(name.getKey()), name.getValue())) {
                    dns.upsertAddresses(name.getKey(), List.of(name.getValue()));
                }
            }
            for (String name : stale) {
                dns.deleteRecords(name);
            }
            if (!wanted.equals(published)) {
                LOG.info("node names published names={} removed={}", wanted.size(), stale.size());
            }
            published = wanted;
        } catch (DnsProviderException e) {
            published = null;
            LOG.warn("node names not published, dns provider failed error={}", e.getMessage());
        }
    }
}
