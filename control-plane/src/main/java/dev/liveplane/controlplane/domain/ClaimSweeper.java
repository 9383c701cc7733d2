package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.dns.DnsProviderException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes lapsed claims (domains never verified within {@code liveplane.domains.unverified-claim-ttl}) every
 * {@code claim-sweep-interval}, with the pull domains bound to them: a claim nobody proved blocks nobody for long,
 * and the list a squatter sees stops showing names it could never prove.
 */
@Singleton
class ClaimSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimSweeper.class);
    private static final int BATCH = 100;

    private final DomainRepository domains;
    private final DomainRemoval removal;
    private final Duration claimTtl;

    ClaimSweeper(DomainRepository domains, DomainRemoval removal, DomainClaimsConfiguration config) {
        this.domains = domains;
        this.removal = removal;
        this.claimTtl = config.unverifiedClaimTtl();
    }

    @Scheduled(fixedDelay = "${liveplane.domains.claim-sweep-interval:10m}",
            initialDelay = "${liveplane.domains.claim-sweep-interval:10m}")
    @SchedulerLock(name = "domain-claim-sweep",
            lockAtLeastFor = "${liveplane.domains.claim-sweep-interval:10m}",
            lockAtMostFor = "${liveplane.domains.claim-sweep-interval:10m}")
    void sweep() {
        Instant before = Times.now().minus(claimTtl);
        int removed = 0;
        List<DomainRow> batch;
        do {
            batch = domains.findLapsed(before, BATCH);
            int progress = 0;
            for (DomainRow row : batch) {
                try {
                    for (DomainRow gone : removal.removeIf(row.id(), now -> now.verifiedAt() == null
                            && !now.createdAt().isAfter(before))) {
                        LOG.info("lapsed domain claim removed tenant={} domain={} created={}", gone.tenantId(),
                                gone.name(), gone.createdAt());
                        progress++;
                    }
                } catch (DnsProviderException e) {
                    LOG.warn("lapsed domain claim kept, dns provider failed domain={} error={}", row.name(),
                            e.getMessage());
                }
            }
            removed += progress;
            if (progress == 0) {
                break; // what is left was verified meanwhile or failed this round; the next sweep tries again
            }
        } while (batch.size() == BATCH);
        if (removed > 0) {
            LOG.info("lapsed domain claims swept removed={}", removed);
        }
    }
}
