package dev.liveplane.controlplane.callback;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.VideoTrack;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The {@code data} of {@code record_done}: the recorded file as {@code GET /v1/recordings/{id}} describes it, without
 * a download URL (times ISO-8601 UTC). The tracks are the node protocol's, as the node reported them; the spec gives
 * the file's {@code video} and {@code audio} the same schemas.
 */
@Serdeable
public record RecordDoneData(
        String id,
        String sessionId,
        String domain,
        String app,
        String stream,
        int sequence,
        String format,
        String key,
        long bytes,
        long durationMs,
        String startedAt,
        String endedAt,
        @Nullable VideoTrack video,
        @Nullable AudioTrack audio,
        String nodeId,
        String createdAt) implements WebhookPayload {
}
