package dev.liveplane.controlplane.recording;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One publish of a stream and its reconnects, as far as its files have been uploaded. */
@MappedEntity("recording_sessions")
record RecordingSessionRow(
        @Id String id,
        String tenantId,
        String domainId,
        String domain,
        String app,
        String stream,
        String nodeId,
        Instant startedAt,
        Instant endedAt,
        int files,
        int hlsFiles) {
}
