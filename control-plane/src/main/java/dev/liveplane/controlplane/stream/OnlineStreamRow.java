package dev.liveplane.controlplane.stream;

import dev.liveplane.api.stream.StreamKey;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A stream being published now: on which node, since when, from which address with what tracks, at what bitrate
 * (from the publishing node's last heartbeat). {@code viewers} is stored as 0; lists read the sum of every node's
 * {@code stream_viewers} into it.
 */
@MappedEntity("online_streams")
record OnlineStreamRow(
        @Id String id,
        String tenantId,
        String domain,
        String app,
        String stream,
        String nodeId,
        Instant startedAt,
        @Nullable String clientAddress,
        @Nullable String videoCodec,
        @Nullable Integer width,
        @Nullable Integer height,
        @Nullable Double frameRate,
        @Nullable String audioCodec,
        @Nullable Integer sampleRate,
        @Nullable Integer channels,
        @Nullable Integer bitrateKbps,
        int viewers) {

    StreamKey key() {
        return new StreamKey(domain, app, stream);
    }
}
