package dev.liveplane.controlplane.config;

import dev.liveplane.controlplane.Times;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the config change log to what nodes can still ask a delta from: rows older than the retention, or more than
 * {@code keepVersions} versions behind, go, and the log's floor rises to match (a node further behind gets 409 and
 * fetches the whole snapshot). Once fleet-wide: every instance reads the same log.
 */
@Singleton
class ConfigChangePruner {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigChangePruner.class);

    private final ConfigChangeLog log;
    private final Duration retention;
    private final long keepVersions;

    ConfigChangePruner(ConfigChangeLog log,
            @Value("${liveplane.config.changes-retention:24h}") Duration retention,
            @Value("${liveplane.config.changes-keep-versions:100000}") long keepVersions) {
        this.log = log;
        this.retention = retention;
        this.keepVersions = keepVersions;
    }

    @Scheduled(fixedDelay = "${liveplane.config.changes-prune-interval:10m}", initialDelay = "2m")
    @SchedulerLock(name = "config-changes-prune",
            lockAtLeastFor = "${liveplane.config.changes-prune-interval:10m}",
            lockAtMostFor = "${liveplane.config.changes-prune-interval:10m}")
    void prune() {
        int deleted = log.prune(Times.now().minus(retention), keepVersions);
        if (deleted > 0) {
            LOG.info("config changes pruned rows={} floor={}", deleted, log.window().changesFrom());
        }
    }
}
