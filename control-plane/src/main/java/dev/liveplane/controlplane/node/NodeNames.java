package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DnsProviderException;
import dev.liveplane.controlplane.dns.RecordChange;
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
import java.util.TreeSet;
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
 * <p>A reconcile hands all its changes to the provider in one batch ({@link DnsProvider#apply}), one call whatever
 * the fleet's size (Route53 turns it into a few requests: the names' records read 300 at a time, then up to 500
 * upserts a request). A reconcile after a change writes only the names whose address this instance has not
 * written; the schedule, on one instance per period, rewrites every reachable name, so a name another instance
 * removed meanwhile comes back within one period (Route53 leaves out the names already right). Each instance
 * removes, once, the name of every node heard from within {@link #REMOVAL_HORIZON} that is no longer reachable,
 * whoever wrote it. A batch that fails changes nothing here, so the next reconcile tries all its names again.
 */
@Singleton
class NodeNames {

    static final Duration REMOVAL_HORIZON = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(NodeNames.class);

    private final NodeRepository nodes;
    private final DnsProvider dns;
    /** Name to address, as this instance wrote them (empty at boot: every reachable node's name is written then). */
    private final Map<String, String> published = new HashMap<>();
    /** Names this instance removed since their node was last reachable. */
    private final Set<String> removed = new HashSet<>();
    private final Clock clock;

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
     * Brings the records in line with the nodes table: writes the names whose address this instance has not written
     * (with {@code scheduled}, every reachable name) and removes those of nodes no longer reachable (that it wrote, or
     * heard from within the horizon) that it has not removed yet, all in one batch. A provider failure is logged; the
     * next reconcile writes the whole batch again.
     */
    synchronized void reconcile(boolean scheduled) {
        Map<String, String> wanted = new TreeMap<>();
        for (NodeNameRow row : nodes.findReachable()) {
            wanted.put(PlatformNames.node(row.id(), dns.zone()), row.address());
        }
        Set<String> changed = new LinkedHashSet<>();
        wanted.forEach((name, address) -> {
            if (!address.equals(published.get(name))) {
                changed.add(name);
            }
        });
        Set<String> writes = scheduled ? wanted.keySet() : changed;
        Set<String> recentlyGone = new HashSet<>();
        for (NodeNameRow gone : nodes.findRecentlyUnreachable(clock.instant().minus(REMOVAL_HORIZON))) {
            recentlyGone.add(PlatformNames.node(gone.id(), dns.zone()));
        }
        removed.retainAll(recentlyGone); // back in service, or gone long enough not to be asked about again
        Set<String> removals = new TreeSet<>(published.keySet());
        removals.addAll(recentlyGone);
        removals.removeAll(wanted.keySet());
        removals.removeAll(removed);
        if (writes.isEmpty() && removals.isEmpty()) {
            return;
        }
        List<RecordChange> batch = new ArrayList<>();
        writes.forEach(name -> batch.add(new RecordChange.UpsertAddresses(name, List.of(wanted.get(name)))));
        removals.forEach(name -> batch.add(new RecordChange.DeleteRecords(name)));
        try {
            dns.apply(batch);
        } catch (DnsProviderException e) {
            LOG.warn("node names not published, dns provider failed writes={} removals={} error={}", writes.size(),
                    removals.size(), e.getMessage());
            return;
        }
        writes.forEach(name -> published.put(name, wanted.get(name)));
        published.keySet().removeAll(removals);
        removed.addAll(removals);
        if (!changed.isEmpty() || !removals.isEmpty()) {
            LOG.info("node names published names={} written={} removed={}", wanted.size(), changed.size(),
                    removals.size());
        }
    }
}
