package dev.liveplane.controlplane.callback;

import io.micronaut.serde.annotation.Serdeable;

/** The {@code data} of {@code record_failed}: which stream's session a node stopped recording, why and when. */
@Serdeable
public record RecordFailedData(String domain, String app, String stream, String sessionId, String nodeId,
        String reason, String at) implements WebhookPayload {
}
