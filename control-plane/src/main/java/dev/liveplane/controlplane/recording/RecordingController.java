package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.RecordingApi;
import dev.liveplane.controlplane.web.model.AudioTrack;
import dev.liveplane.controlplane.web.model.ManualRecording;
import dev.liveplane.controlplane.web.model.Recording;
import dev.liveplane.controlplane.web.model.RecordingFormat;
import dev.liveplane.controlplane.web.model.RecordingPage;
import dev.liveplane.controlplane.web.model.RecordingPolicy;
import dev.liveplane.controlplane.web.model.RecordingRule;
import dev.liveplane.controlplane.web.model.RecordingRuleList;
import dev.liveplane.controlplane.web.model.RecordingRuleUpdate;
import dev.liveplane.controlplane.web.model.RecordingSession;
import dev.liveplane.controlplane.web.model.VideoTrack;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Serves the {@code recording} routes: a push domain's rules, manual start and stop, a stream's latest thumbnail, the
 * tenant's recorded files and sessions with their download and playlist URLs, and the two signed playlists that
 * need no credential (the authentication filter lets them through; {@link VodPlaylists} checks their signature).
 * The routes that answer 204 also take {@code Accept: application/json} (the generated interface declares only the
 * problem type for them, so a JSON client's delete was 406).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class RecordingController implements RecordingApi {

    private final RecordingRules rules;
    private final ManualRecordings manual;
    private final RecordingFiles files;
    private final RecordingSessions sessions;
    private final VodPlaylists playlists;
    private final DownloadLinks links;
    private final Thumbnails thumbnails;
    private final CurrentCaller caller;

    RecordingController(RecordingRules rules, ManualRecordings manual, RecordingFiles files,
            RecordingSessions sessions, VodPlaylists playlists, DownloadLinks links, Thumbnails thumbnails,
            CurrentCaller caller) {
        this.rules = rules;
        this.manual = manual;
        this.files = files;
        this.sessions = sessions;
        this.playlists = playlists;
        this.links = links;
        this.thumbnails = thumbnails;
        this.caller = caller;
    }

    @Override
    public RecordingRuleList listRecordingRules(String name) {
        return new RecordingRuleList(rules.list(caller.tenantId(), name).stream().map(RecordingController::toApi)
                .toList());
    }

    @Override
    public RecordingRule putRecordingRule(String name, String app, String stream, RecordingRuleUpdate update) {
        RuleSettings settings = new RuleSettings(update.getEnabled(),
                update.getPolicy() == null ? null : update.getPolicy().getValue(),
                update.getFormats() == null ? null : update.getFormats().stream().map(RecordingFormat::getValue)
                        .toList(),
                update.getCycleSeconds(), update.getHlsSegmentSeconds(), update.getKeyTemplate(),
                update.getReconnectWindowSeconds(), update.getThumbnailIntervalSeconds());
        return toApi(rules.put(caller.tenantId(), name, app, stream, settings));
    }

    @Override
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    public HttpResponse<Void> deleteRecordingRule(String name, String app, String stream) {
        rules.delete(caller.tenantId(), name, app, stream);
        return HttpResponse.noContent();
    }

    @Override
    public ManualRecording startRecording(String domain, String app, String stream) {
        ManualRecordings.Started started = manual.start(caller.tenantId(), domain, app, stream);
        return new ManualRecording(started.domain(), started.row().app(), started.row().stream(),
                Times.utc(started.row().startedAt()));
    }

    @Override
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    public HttpResponse<Void> stopRecording(String domain, String app, String stream) {
        manual.stop(caller.tenantId(), domain, app, stream);
        return HttpResponse.noContent();
    }

    @Override
    public FileCustomizableResponseType getStreamSnapshot(String domain, String app, String stream) {
        ObjectStore.StoredObject jpeg = thumbnails.latest(caller.tenantId(), domain, app, stream);
        return new StreamedFile(new ByteArrayInputStream(jpeg.bytes()), MediaType.IMAGE_JPEG_TYPE,
                jpeg.lastModified().toEpochMilli(), jpeg.bytes().length);
    }

    @Override
    public RecordingPage listRecordings(String domain, String app, String stream, String sessionId,
            RecordingFormat format, OffsetDateTime since, OffsetDateTime until, Integer pageSize, String pageToken) {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "since must be before until");
        }
        RecordingFiles.Filter filter = new RecordingFiles.Filter(
                domain == null || domain.isBlank() ? null : DomainNames.lookupName(domain), blankToNull(app),
                blankToNull(stream), blankToNull(sessionId), format == null ? null : format.getValue(),
                instant(since), instant(until));
        Slice<Recording> page = files.list(caller.tenantId(), filter, PageToken.size(pageSize), pageToken)
                .map(RecordingController::toApi);
        return new RecordingPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public Recording getRecording(String id) {
        RecordingRow file = files.get(caller.tenantId(), id);
        DownloadLinks.Link link = links.file(file, requestBase());
        return link == null ? toApi(file) : toApi(file).downloadUrl(link.url())
                .downloadUrlExpiresAt(Times.utc(link.expiresAt()));
    }

    @Override
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    public HttpResponse<Void> deleteRecording(String id) {
        files.delete(caller.tenantId(), id);
        return HttpResponse.noContent();
    }

    @Override
    public String getRecordingPlaylist(String id, Long expires, String signature) {
        return playlists.ofRecording(id, expires, signature);
    }

    @Override
    public RecordingSession getRecordingSession(String id) {
        RecordingSessionRow row = sessions.get(caller.tenantId(), id);
        RecordingSession session = new RecordingSession(row.id(), row.domain(), row.app(), row.stream(),
                Times.utc(row.startedAt()), row.files()).endedAt(Times.utc(row.endedAt()));
        DownloadLinks.Link link = links.session(row, requestBase());
        return link == null ? session : session.playlistUrl(link.url())
                .playlistUrlExpiresAt(Times.utc(link.expiresAt()));
    }

    @Override
    public String getRecordingSessionPlaylist(String id, Long expires, String signature) {
        return playlists.ofSession(id, expires, signature);
    }

    /** Where the caller reached the API: the base of the signed playlist URLs when no public address is set. */
    private static String requestBase() {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElseThrow();
        String host = request.getHeaders().get(HttpHeaders.HOST);
        String authority = host == null || host.isBlank() ? request.getServerAddress().getHostString() + ":"
                + request.getServerAddress().getPort() : host;
        return (request.isSecure() ? "https://" : "http://") + authority;
    }

    private static RecordingRule toApi(RecordingRules.Rule rule) {
        RecordingRuleRow r = rule.row();
        return new RecordingRule(rule.domain(), r.app(), r.stream(), r.enabled(),
                RecordingPolicy.fromValue(r.policy()), r.formatList().stream().map(RecordingFormat::fromValue)
                        .toList(), r.cycleSeconds(), r.hlsSegmentSeconds(), r.keyTemplate(),
                r.reconnectWindowSeconds(), r.thumbnailIntervalSeconds(), Times.utc(r.updatedAt()));
    }

    private static Recording toApi(RecordingRow row) {
        return new Recording(row.id(), row.sessionId(), row.domain(), row.app(), row.stream(), row.sequence(),
                RecordingFormat.fromValue(row.format()), row.key(), row.bytes(), row.durationMs(),
                Times.utc(row.startedAt()), Times.utc(row.endedAt()), row.nodeId(), Times.utc(row.createdAt()))
                .video(row.videoCodec() == null ? null : new VideoTrack(row.videoCodec()).width(row.videoWidth())
                        .height(row.videoHeight()).frameRate(row.videoFrameRate()))
                .audio(row.audioCodec() == null ? null : new AudioTrack(row.audioCodec())
                        .sampleRate(row.audioSampleRate()).channels(row.audioChannels()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
