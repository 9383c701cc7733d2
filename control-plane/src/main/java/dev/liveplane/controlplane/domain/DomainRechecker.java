package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.web.ProblemException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-checks every verified domain's CNAME on a schedule ({@code liveplane.dns.recheck-interval}, 10 minutes by
 * default), so a tenant who moves a domain away sees it in its CNAME status.
 */
@Singleton
class DomainRechecker {

    private static final Logger LOG = LoggerFactory.getLogger(DomainRechecker.class);
    private static final int BATCH = 100;

    private final DomainRepository domains;
    private final DomainVerifier verifier;

    DomainRechecker(DomainRepository domains, DomainVerifier verifier) {
        this.domains = domains;
        this.verifier = verifier;
    }

    @Scheduled(fixedDelay = "${liveplane.dns.recheck-interval:10m}",
            initialDelay = "${liveplane.dns.recheck-interval:10m}")
    @SchedulerLock(name = "domain-recheck",
            lockAtLeastFor = "${liveplane.dns.recheck-interval:10m}",
            lockAtMostFor = "${liveplane.dns.recheck-interval:10m}")
    void recheckAll() {
        int checked = 0;
        int failed = 0;
        String after = "";
        List<DomainRow> batch;
        do {
            batch = domains.findVerified(after, BATCH);
            for (DomainRow row : batch) {
                try {
                    verifier.verify(row);
                    checked++;
                } catch (ProblemException dnsDown) {
                    // Already logged with the domain; the next round tries again.
                    failed++;
                }
            }
            after = batch.isEmpty() ? after : batch.get(batch.size() - 1).id();
        } while (batch.size() == BATCH);
        LOG.info("domains rechecked checked={} failed={}", checked, failed);
    }
}
