package dev.liveplane.controlplane.recording;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A stream under a manual rule that nodes record from {@code startedAt} until it is stopped. */
@MappedEntity("manual_recordings")
record ManualRecordingRow(
        @Id String id,
        String tenantId,
        String domainId,
        String app,
        String stream,
        Instant startedAt) {
}
