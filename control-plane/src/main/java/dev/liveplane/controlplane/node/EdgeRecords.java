package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DnsProviderException;
import dev.liveplane.controlplane.domain.PlatformNames;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code edge.{zone}}, which every tenant's CNAME target aliases, holding the A/AAAA records of exactly the
 * healthy, undrained, unrevoked nodes (no record at all when there is none). Reconciled after every status change
 * and on a schedule, which repairs a failed provider call and follows changes other instances made. The provider is
 * called only when the set differs from what this instance last published, except by the schedule. Each node's own
 * name ({@link NodeNames}) follows the same changes, so it is reconciled here too.
 */
@Singleton
class EdgeRecords {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeRecords.class);

    private final NodeRepository nodes;
    private final DnsProvider dns;
    private final NodeNames nodeNames;
    private final String edge;
    /** What this instance last wrote to the provider; null when unknown (at boot, after a failed call). */
    private List<String> published;

    EdgeRecords(NodeRepository nodes, DnsProvider dns, NodeNames nodeNames) {
        this.nodes = nodes;
        this.dns = dns;
        this.nodeNames = nodeNames;
        this.edge = PlatformNames.edge(dns.zone());
    }

    /**
     * Publishes the records before the server takes its first call: the embedded DNS provider starts empty, and a
     * restarted control plane must not answer {@code edge} with no address until the first scheduled reconcile.
     */
    @EventListener
    void onStartup(StartupEvent started) {
        reconcile();
    }

    /**
     * The schedule: on one instance per period fleet-wide, and it writes the records even when they match what this
     * instance last wrote, since another instance may have written another set since (nodes leaving and coming back
     * would otherwise look unchanged here while the provider holds the other instance's set).
     */
    @Scheduled(fixedDelay = "${liveplane.fleet.dns-reconcile-interval:10s}", initialDelay = "1s")
    @SchedulerLock(name = "edge-dns-reconcile", lockAtLeastFor = "${liveplane.fleet.dns-reconcile-interval:10s}",
            lockAtMostFor = "${liveplane.fleet.dns-reconcile-interval:10s}")
    void republish() {
        reconcile(true);
    }

    /** Brings the records in line with the nodes table; a provider failure is logged and retried on schedule. */
    void reconcile() {
        reconcile(false);
    }

    private synchronized void reconcile(boolean always) {
        nodeNames.reconcile(always);
        List<String> wanted = nodes.findServingAddresses();
        boolean changed = !wanted.equals(published);
        if (!changed && !always) {
            return;
        }
        try {
            if (wanted.isEmpty()) {
                dns.deleteRecords(edge);
            } else {
                dns.upsertAddresses(edge, wanted);
            }
            published = wanted;
            if (changed) {
                LOG.info("edge records published name={} addresses={}", edge, wanted);
            }
        } catch (DnsProviderException e) {
            published = null;
            LOG.warn("edge records not published, dns provider failed name={} error={}", edge, e.getMessage());
        }
    }
}
