package dev.liveplane.controlplane.callback;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.VideoTrack;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The {@code data} of a stream webhook: which stream, on which node, from which publisher with what tracks, when
 * the node saw it ({@code at}, ISO-8601 UTC) and, for {@code unpublish}, why it ended. The tracks are the node
 * protocol's, as the node's event brought them; the spec gives the webhook's {@code video} and {@code audio} the same
 * {@code VideoTrack} and {@code AudioTrack} schemas.
 */
@Serdeable
public record WebhookData(
        String domain,
        String app,
        String stream,
        String nodeId,
        String at,
        @Nullable String clientAddress,
        @Nullable VideoTrack video,
        @Nullable AudioTrack audio,
        @Nullable Integer bitrateKbps,
        @Nullable String reason) implements WebhookPayload {
}
