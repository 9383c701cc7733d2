package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.callback.WebhookData;
import dev.liveplane.controlplane.callback.WebhookEnqueuer;
import dev.liveplane.controlplane.callback.WebhookEvent;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.domain.DomainRemoved;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the online streams of a push domain being removed, in the removal's transaction: they leave the stream list
 * at once and the domain's webhooks, still there until the row goes, get {@code unpublish} with the removal's
 * reason; its forbids go too, so they never apply to whoever registers the name next, logged as config changes
 * (the removal's own bump names the domain only). The nodes cut the publishers
 * themselves when the new config snapshot reaches them; their late unpublish events then find no stream online and
 * tell nobody, not even a tenant who registers the name next.
 */
@Singleton
final class RemovedDomainStreams {

    private static final Logger LOG = LoggerFactory.getLogger(RemovedDomainStreams.class);

    private final OnlineStreamRepository repository;
    private final ForbiddenStreamRepository forbids;
    private final WebhookEnqueuer webhooks;
    private final ConfigVersion configVersion;

    RemovedDomainStreams(OnlineStreamRepository repository, ForbiddenStreamRepository forbids,
            WebhookEnqueuer webhooks, ConfigVersion configVersion) {
        this.configVersion = configVersion;
        this.repository = repository;
        this.forbids = forbids;
        this.webhooks = webhooks;
    }

    @EventListener
    void onRemoved(DomainRemoved removed) {
        if (!removed.push()) {
            return;
        }
        List<OnlineStreamRow> rows = repository.findByDomainForUpdate(removed.tenantId(), removed.name());
        repository.deleteByDomain(removed.tenantId(), removed.name());
        repository.deleteViewersByDomain(removed.name());
        List<ConfigChange> unforbidden = forbids.findByDomain(removed.tenantId(), removed.name()).stream()
                .map(f -> ConfigChange.forbiddenStream(f.domain(), f.app(), f.stream())).toList();
        if (forbids.deleteByDomain(removed.tenantId(), removed.name()) > 0) {
            configVersion.bump(unforbidden);
        }
        if (rows.isEmpty()) {
            return;
        }
        String at = Instant.now().toString();
        webhooks.enqueue(rows.stream().map(row -> new WebhookEvent(removed.tenantId(), removed.domainId(),
                "unpublish", new WebhookData(row.domain(), row.app(), row.stream(), row.nodeId(), at,
                        row.clientAddress(), Tracks.video(row), Tracks.audio(row), row.bitrateKbps(),
                        removed.reason()))).toList());
        LOG.info("streams of a removed domain ended tenant={} domain={} streams={} reason={}", removed.tenantId(),
                removed.name(), rows.size(), removed.reason());
    }
}
