package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.StreamsApi;
import dev.liveplane.controlplane.web.model.AudioTrack;
import dev.liveplane.controlplane.web.model.ForbidRequest;
import dev.liveplane.controlplane.web.model.ForbiddenStream;
import dev.liveplane.controlplane.web.model.ForbiddenStreamPage;
import dev.liveplane.controlplane.web.model.OnlineStream;
import dev.liveplane.controlplane.web.model.OnlineStreamPage;
import dev.liveplane.controlplane.web.model.VideoTrack;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves {@code /v1/streams}: the tenant's online streams, and forbidding and resuming them. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class StreamController implements StreamsApi {

    private final OnlineStreams online;
    private final Forbids forbids;
    private final CurrentCaller caller;

    StreamController(OnlineStreams online, Forbids forbids, CurrentCaller caller) {
        this.online = online;
        this.forbids = forbids;
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
    public ForbiddenStream forbidStream(String domain, String app, String stream, ForbidRequest request) {
        return toApi(forbids.forbid(caller.tenantId(), domain, app, stream,
                request == null ? null : request.getUntil(), request == null ? null : request.getReason()));
    }

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

    private static ForbiddenStream toApi(ForbiddenStreamRow row) {
        return new ForbiddenStream(row.domain(), row.app(), row.stream(), Times.utc(row.createdAt()))
                .until(Times.utc(row.untilAt()))
                .reason(row.reason());
    }
}
