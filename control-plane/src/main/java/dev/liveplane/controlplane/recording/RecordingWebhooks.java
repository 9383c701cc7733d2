package dev.liveplane.controlplane.recording;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.callback.RecordDoneData;
import dev.liveplane.controlplane.callback.RecordFailedData;
import java.time.Instant;

/** Turns an indexed file into the {@code data} of {@code record_done}, and a failed report into {@code record_failed}'s. */
final class RecordingWebhooks {

    private RecordingWebhooks() {
    }

    static RecordDoneData done(RecordingRow file) {
        return new RecordDoneData(file.id(), file.sessionId(), file.domain(), file.app(), file.stream(),
                file.sequence(), file.format(), file.key(), file.bytes(), file.durationMs(),
                Times.utc(file.startedAt()).toString(), Times.utc(file.endedAt()).toString(), video(file),
                audio(file), file.nodeId(), Times.utc(file.createdAt()).toString());
    }

    /** {@code at} is when the node stopped recording (the report's {@code endedAt}), else when it said so. */
    static RecordFailedData failed(String nodeId, RecordingReports.Report report, Instant reported) {
        Instant at = report.endedAt() == null ? reported : report.endedAt();
        return new RecordFailedData(report.domain(), report.app(), report.stream(), report.sessionId(), nodeId,
                report.reason(), at.toString());
    }

    /** The file's video track as the node reported it, or null when it had none. */
    static VideoTrack video(RecordingRow file) {
        return file.videoCodec() == null ? null : new VideoTrack().codec(file.videoCodec()).width(file.videoWidth())
                .height(file.videoHeight()).frameRate(file.videoFrameRate());
    }

    static AudioTrack audio(RecordingRow file) {
        return file.audioCodec() == null ? null : new AudioTrack().codec(file.audioCodec())
                .sampleRate(file.audioSampleRate()).channels(file.audioChannels());
    }
}
