package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.callback.WebhookData;
import dev.liveplane.controlplane.callback.WebhookEnqueuer;
import dev.liveplane.controlplane.callback.WebhookEvent;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns online streams the control plane ended on its own judgement (a node lost, deleted or restarted) into
 * {@code unpublish} webhooks with that reason, in the caller's transaction.
 */
@Singleton
final class EndedStreamHooks {

    private final OnlineStreamRepository repository;
    private final WebhookEnqueuer webhooks;
    private final PublishSessions sessions;

    EndedStreamHooks(OnlineStreamRepository repository, WebhookEnqueuer webhooks, PublishSessions sessions) {
        this.repository = repository;
        this.webhooks = webhooks;
        this.sessions = sessions;
    }

    void enqueue(List<OnlineStreamRow> ended, String reason) {
        if (ended.isEmpty()) {
            return;
        }
        Map<String, StreamDomain> domains = repository.findDomains(ended.stream().map(OnlineStreamRow::domain)
                .collect(Collectors.toSet())).stream().collect(Collectors.toMap(StreamDomain::name, d -> d));
        Instant now = Instant.now();
        String at = now.toString();
        // The publish history ends these sessions too, whatever became of the domain.
        sessions.close(ended.stream().map(row -> new PublishSessions.Ended(row.domain(), row.app(), row.stream(),
                row.nodeId(), now, reason)).toList());
        // A domain deleted, or deleted and taken by another tenant, since the stream started tells nobody.
        webhooks.enqueue(ended.stream().filter(row -> domains.containsKey(row.domain())
                        && domains.get(row.domain()).tenantId().equals(row.tenantId()))
                .map(row -> hook(domains.get(row.domain()), row, at, reason)).toList());
    }

    private static WebhookEvent hook(StreamDomain domain, OnlineStreamRow row, String at, String reason) {
        return new WebhookEvent(domain.tenantId(), domain.id(), "unpublish", new WebhookData(row.domain(), row.app(),
                row.stream(), row.nodeId(), at, row.clientAddress(), Tracks.video(row), Tracks.audio(row),
                row.bitrateKbps(), reason));
    }
}
