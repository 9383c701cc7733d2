package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.StreamsApi;
import dev.liveplane.controlplane.web.model.AudioTrack;
import dev.liveplane.controlplane.web.model.ForbidRequest;
import dev.liveplane.controlplane.web.model.ForbiddenStream;
import dev.liveplane.controlplane.web.model.ForbiddenStreamPage;
import dev.liveplane.controlplane.web.model.OnlineStream;
import dev.liveplane.controlplane.web.model.OnlineStreamPage;
import dev.liveplane.controlplane.web.model.PublishSession;
import dev.liveplane.controlplane.web.model.PublishSessionPage;
import dev.liveplane.controlplane.web.model.VideoTrack;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Serves {@code /v1/streams}: the tenant's online streams, their publish history, forbidding and resuming them. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class StreamController implements StreamsApi {

    private final OnlineStreams online;
    private final Forbids forbids;
    private final PublishHistory history;
    private final CurrentCaller caller;

    StreamController(OnlineStreams online, Forbids forbids, PublishHistory history, CurrentCaller caller) {
        this.online = online;
        this.forbids = forbids;
        this.history = history;
        this.caller = caller;
    }

    @Override
    public OnlineStreamPage listStreams(String domain, Integer pageSize, String pageToken) {
        Slice<OnlineStream> page = online.list(caller.tenantId(), domain, PageToken.size(pageSize), pageToken)
                .map(StreamController::toApi);
        return new OnlineStreamPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public ForbiddenStreamPage listForbiddenStreams(String domain, Integer pageSize, String pageToken) {
        Slice<ForbiddenStream> page = forbids.list(caller.tenantId(), domain, PageToken.size(pageSize), pageToken)
                .map(StreamController::toApi);
        return new ForbiddenStreamPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public PublishSessionPage listPublishSessions(String domain, String app, String stream, OffsetDateTime since,
            OffsetDateTime until, Integer pageSize, String pageToken) {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "since must be before until");
        }
        PublishHistory.Filter filter = new PublishHistory.Filter(StreamPages.domainFilter(domain), blankToNull(app),
                blankToNull(stream), since == null ? null : since.toInstant(), until == null ? null : until.toInstant());
        Slice<PublishSession> page = history.list(caller.tenantId(), filter, PageToken.size(pageSize), pageToken)
                .map(StreamController::toApi);
        return new PublishSessionPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public ForbiddenStream forbidStream(String domain, String app, String stream, ForbidRequest request) {
        return toApi(forbids.forbid(caller.tenantId(), domain, app, stream,
                request == null ? null : request.getUntil(), request == null ? null : request.getReason()));
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> resumeStream(String domain, String app, String stream) {
        forbids.resume(caller.tenantId(), domain, app, stream);
        return HttpResponse.noContent();
    }

    private static OnlineStream toApi(OnlineStreamRow row) {
        return new OnlineStream(row.domain(), row.app(), row.stream(), row.nodeId(), Times.utc(row.startedAt()),
                row.viewers())
                .clientAddress(row.clientAddress())
                .video(row.videoCodec() == null ? null : new VideoTrack(row.videoCodec()).width(row.width())
                        .height(row.height()).frameRate(row.frameRate()))
                .audio(row.audioCodec() == null ? null : new AudioTrack(row.audioCodec())
                        .sampleRate(row.sampleRate()).channels(row.channels()))
                .bitrateKbps(row.bitrateKbps());
    }

    private static PublishSession toApi(PublishSessionRow row) {
        Instant end = row.endedAt() == null ? Times.now() : row.endedAt();
        return new PublishSession(row.id(), row.domain(), row.app(), row.stream(), row.nodeId(),
                Times.utc(row.startedAt()), Math.max(0, Duration.between(row.startedAt(), end).toSeconds()),
                row.peakViewers())
                .endedAt(row.endedAt() == null ? null : Times.utc(row.endedAt()))
                .endReason(row.endReason())
                .clientAddress(row.clientAddress())
                .video(row.videoCodec() == null ? null : new VideoTrack(row.videoCodec()).width(row.width())
                        .height(row.height()).frameRate(row.frameRate()))
                .audio(row.audioCodec() == null ? null : new AudioTrack(row.audioCodec())
                        .sampleRate(row.sampleRate()).channels(row.channels()))
                .ingestBytes(row.ingestBytes())
                .egressBytes(row.egressBytes());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ForbiddenStream toApi(ForbiddenStreamRow row) {
        return new ForbiddenStream(row.domain(), row.app(), row.stream(), Times.utc(row.createdAt()))
                .until(Times.utc(row.untilAt()))
                .reason(row.reason());
    }
}
