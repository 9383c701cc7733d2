package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.Times;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes forbids that can no longer apply: expired ones, and those whose domain was deleted or changed hands since.
 * Neither bumps the config version, as nothing a node enforces changes: the snapshot leaves out forbids past their
 * {@code until} (nodes honour {@code until} by themselves) and lists a forbid only while its tenant holds the domain
 * (a removal deletes the domain's forbids and logs them itself, see {@link RemovedDomainStreams}).
 */
@Singleton
class ForbidCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(ForbidCleaner.class);

    private final ForbiddenStreamRepository forbids;

    ForbidCleaner(ForbiddenStreamRepository forbids) {
        this.forbids = forbids;
    }

    @Scheduled(fixedDelay = "${liveplane.streams.forbid-cleanup-interval:10m}", initialDelay = "1m")
    @SchedulerLock(name = "forbid-cleanup",
            lockAtLeastFor = "${liveplane.streams.forbid-cleanup-interval:10m}",
            lockAtMostFor = "${liveplane.streams.forbid-cleanup-interval:10m}")
    void clean() {
        int expired = forbids.deleteExpired(Times.now());
        int orphaned = forbids.deleteOrphans();
        if (expired + orphaned > 0) {
            LOG.info("forbids removed expired={} ofDeletedDomains={}", expired, orphaned);
        }
    }
}
