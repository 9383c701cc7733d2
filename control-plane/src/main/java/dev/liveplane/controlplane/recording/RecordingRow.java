package dev.liveplane.controlplane.recording;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** A file in the bucket as its node reported it: an FLV or MP4 file, or an HLS cycle (its playlist's key). */
@MappedEntity("recordings")
record RecordingRow(
        @Id String id,
        String tenantId,
        String domainId,
        String domain,
        String app,
        String stream,
        String sessionId,
        int sequence,
        String format,
        @MappedProperty("object_key") String key,
        long bytes,
        long durationMs,
        Instant startedAt,
        Instant endedAt,
        @Nullable String videoCodec,
        @Nullable Integer videoWidth,
        @Nullable Integer videoHeight,
        @Nullable Double videoFrameRate,
        @Nullable String audioCodec,
        @Nullable Integer audioSampleRate,
        @Nullable Integer audioChannels,
        String nodeId,
        Instant createdAt) {

    static final String HLS = "hls";

    boolean isHls() {
        return HLS.equals(format);
    }
}
