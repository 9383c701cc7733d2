package dev.liveplane.controlplane.node;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges nodes silent once their last heartbeat (or their registration, if they never sent one) is older than
 * {@code liveplane.fleet.heartbeat-timeout}: each becomes SILENT through a conditional UPDATE, so with several
 * control-plane instances exactly one does it and publishes {@link NodeSilenced}, once; then DNS drops it.
 *
 * <p>Silence counts only from when this instance started serving HTTP: a node could not reach a control plane that
 * was not running (or still starting, which under load takes tens of seconds), so after an outage every node gets a
 * whole timeout to find the service again before it is judged.
 */
@Singleton
class LivenessSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(LivenessSweeper.class);

    private final NodeRepository nodes;
    private final FleetConfiguration config;
    private final EdgeRecords edge;
    private final TransactionOperations<Connection> transactions;
    private final ApplicationEventPublisher<NodeSilenced> silenced;
    private final Clock clock;
    /** When this instance began to serve nodes; null until then, and nobody is judged before. */
    private volatile Instant started;

    @Inject
    LivenessSweeper(NodeRepository nodes, FleetConfiguration config, EdgeRecords edge,
            TransactionOperations<Connection> transactions, ApplicationEventPublisher<NodeSilenced> silenced) {
        this(nodes, config, edge, transactions, silenced, Clock.systemUTC(), null);
    }

    /** A sweeper of an instance that began serving at {@code clock}'s now, reading time from it. */
    LivenessSweeper(NodeRepository nodes, FleetConfiguration config, EdgeRecords edge,
            TransactionOperations<Connection> transactions, ApplicationEventPublisher<NodeSilenced> silenced,
            Clock clock) {
        this(nodes, config, edge, transactions, silenced, clock, clock.instant());
    }

    private LivenessSweeper(NodeRepository nodes, FleetConfiguration config, EdgeRecords edge,
            TransactionOperations<Connection> transactions, ApplicationEventPublisher<NodeSilenced> silenced,
            Clock clock, Instant started) {
        this.nodes = nodes;
        this.config = config;
        this.edge = edge;
        this.transactions = transactions;
        this.silenced = silenced;
        this.clock = clock;
        this.started = started == null ? null : started.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The HTTP server is up: from now on nodes can reach this instance, and their silence counts. */
    @EventListener
    void onServing(ServerStartupEvent event) {
        if (started == null) {
            started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            LOG.info("liveness judged from now startedAt={} timeout={}", started, config.heartbeatTimeout());
        }
    }

    @Scheduled(fixedDelay = "${liveplane.fleet.sweep-interval:2s}", initialDelay = "2s")
    @SchedulerLock(name = "node-liveness-sweep",
            lockAtLeastFor = "${liveplane.fleet.sweep-interval:2s}",
            lockAtMostFor = "${liveplane.fleet.sweep-interval:2s}")
    void scheduledSweep() {
        sweep();
    }

    void sweep() {
        Instant deadline = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(config.heartbeatTimeout());
        Instant since = started;
        if (since == null || deadline.isBefore(since)) {
            // max(last heartbeat, start) is at least the start, which is not yet a whole timeout ago.
            return;
        }
        int count = 0;
        for (String nodeId : nodes.findSilentSince(deadline)) {
            // The event goes out in the status change's transaction: a listener that fails (ending the node's
            // streams) rolls the change back, and the next sweep tries again, so the event is neither lost nor
            // published twice.
            boolean changed;
            try {
                changed = transactions.executeWrite(status -> {
                    if (nodes.silence(nodeId, deadline) == 0) {
                        return false;
                    }
                    silenced.publishEvent(new NodeSilenced(nodeId, NodeSilenced.LOST));
                    return true;
                });
            } catch (RuntimeException e) {
                LOG.warn("node not silenced, will retry nodeId={} error={}", nodeId, e.toString());
                continue;
            }
            if (changed) {
                count++;
                LOG.info("node silent nodeId={} timeout={}", nodeId, config.heartbeatTimeout());
            }
        }
        if (count > 0) {
            edge.reconcile();
        }
    }
}
