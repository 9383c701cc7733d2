package dev.liveplane.controlplane.stream;

import java.time.Instant;

/**
 * One publish session of the history: what {@code publish_sessions} holds, and the bytes its 5-minute usage buckets
 * add up to ({@code null} once those buckets are past retention).
 */
record PublishSessionRow(String id, String domain, String app, String stream, String nodeId, Instant startedAt,
        Instant endedAt, String endReason, String clientAddress, String videoCodec, Integer width, Integer height,
        Double frameRate, String audioCodec, Integer sampleRate, Integer channels, int peakViewers, Long ingestBytes,
        Long egressBytes) {

    PublishSessionRow withBytes(Long ingest, Long egress) {
        return new PublishSessionRow(id, domain, app, stream, nodeId, startedAt, endedAt, endReason, clientAddress,
                videoCodec, width, height, frameRate, audioCodec, sampleRate, channels, peakViewers, ingest, egress);
    }
}
