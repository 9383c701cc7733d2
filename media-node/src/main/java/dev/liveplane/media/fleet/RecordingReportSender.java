package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.RecordingFormat;
import dev.liveplane.api.node.model.RecordingReport;
import dev.liveplane.api.node.model.RecordingReportBatch;
import dev.liveplane.api.node.model.RecordingReportType;
import dev.liveplane.api.node.model.RecordingReportsAccepted;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.media.fleet.spool.Answer;
import dev.liveplane.media.fleet.spool.RecordKind;
import dev.liveplane.media.record.RecordingOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Recording reports as the spooled reporter carries them: spooled as the spec's {@code RecordingReport} JSON (its
 * id, chosen when the file was finished and kept across replays, is what the control plane de-duplicates on), posted
 * as a {@code RecordingReportBatch} to {@code POST .../recordings} (reportRecordings).
 */
final class RecordingReportSender implements RecordKind<RecordingReport> {

    private final NodeBatchPost post;

    RecordingReportSender(ControlPlaneClient client, Registration registration, Consumer<String> deleted,
            Executor agent) {
        this.post = new NodeBatchPost("recordings", client::recordings,
                body -> NodeJson.read(body, RecordingReportsAccepted.class).getRejected(), registration, deleted,
                agent);
    }

    /** The spec's report of one outcome. */
    static RecordingReport toWire(RecordingOutcome outcome) {
        RecordingReport report = new RecordingReport();
        report.setId(outcome.id());
        report.setType(outcome.failed() ? RecordingReportType.FAILED : RecordingReportType.FILE);
        report.setTenantId(outcome.tenantId() == null ? "" : outcome.tenantId());
        report.setDomainId(outcome.domainId() == null ? "" : outcome.domainId());
        report.setDomain(outcome.domain());
        report.setApp(outcome.app());
        report.setStream(outcome.stream());
        report.setSessionId(outcome.sessionId());
        report.setStartedAt(outcome.startedAt().atOffset(ZoneOffset.UTC));
        if (outcome.failed()) {
            report.setReason(outcome.reason());
            return report;
        }
        report.setSequence(outcome.sequence());
        report.setFormat(RecordingFormat.fromValue(outcome.format().wire()));
        report.setKey(outcome.key());
        report.setBytes(outcome.bytes());
        report.setDurationMs(outcome.durationMs());
        report.setEndedAt(outcome.endedAt().atOffset(ZoneOffset.UTC));
        if (outcome.video() != null) {
            report.setVideo(new VideoTrack().codec(outcome.video().codec()).width(outcome.video().width())
                    .height(outcome.video().height()).frameRate(outcome.video().frameRate()));
        }
        if (outcome.audio() != null) {
            report.setAudio(new AudioTrack().codec(outcome.audio().codec()).sampleRate(outcome.audio().sampleRate())
                    .channels(outcome.audio().channels()));
        }
        return report;
    }

    @Override
    public byte[] encode(RecordingReport report) {
        return NodeJson.write(report).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public RecordingReport decode(byte[] bytes) throws IOException {
        return NodeJson.MAPPER.readValue(bytes, RecordingReport.class);
    }

    @Override
    public boolean ready() {
        return post.ready();
    }

    @Override
    public CompletableFuture<Answer> send(List<RecordingReport> batch) {
        RecordingReportBatch body = new RecordingReportBatch();
        body.setReports(new ArrayList<>(batch));
        return post.post(NodeJson.write(body), batch.size());
    }

    @Override
    public String describe(RecordingReport report) {
        return report.getType() + " " + report.getDomain() + "/" + report.getApp() + "/" + report.getStream()
                + " key=" + report.getKey() + " id=" + report.getId();
    }
}
