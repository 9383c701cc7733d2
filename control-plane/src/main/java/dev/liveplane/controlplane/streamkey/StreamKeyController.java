package dev.liveplane.controlplane.streamkey;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.urls.LocalNodeUrls;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.Idempotency;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.StreamKeysApi;
import dev.liveplane.controlplane.web.model.StreamKey;
import dev.liveplane.controlplane.web.model.StreamKeyCreated;
import dev.liveplane.controlplane.web.model.StreamKeyPage;
import dev.liveplane.controlplane.web.model.StreamKeyRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves {@code /v1/domains/{name}/stream-keys}: a push domain's persistent stream keys. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class StreamKeyController implements StreamKeysApi {

    private final StreamKeyService keys;
    private final CurrentCaller caller;
    private final Idempotency idempotency;
    private final LocalNodeUrls localNode;

    StreamKeyController(StreamKeyService keys, CurrentCaller caller, Idempotency idempotency,
            LocalNodeUrls localNode) {
        this.keys = keys;
        this.caller = caller;
        this.idempotency = idempotency;
        this.localNode = localNode;
    }

    @Override
    public HttpResponse<StreamKeyCreated> createStreamKey(String name, StreamKeyRequest request,
            String idempotencyKey) {
        String tenantId = caller.tenantId();
        return idempotency.create(tenantId, idempotencyKey, "POST /v1/domains/" + name + "/stream-keys", request,
                StreamKeyCreated.class, () -> created(keys.create(tenantId, name, request.getApp(),
                        request.getStream(), request.getDescription())));
    }

    @Override
    public StreamKeyPage listStreamKeys(String name, Integer pageSize, String pageToken) {
        StreamKeyService.Page page = keys.list(caller.tenantId(), name, PageToken.size(pageSize),
                PageToken.decode(pageToken));
        Slice<StreamKey> items = page.keys().map(row -> toApi(page.domain(), row));
        return new StreamKeyPage(items.items()).nextPageToken(items.nextPageToken());
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> revokeStreamKey(String name, String id) {
        keys.revoke(caller.tenantId(), name, id);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<StreamKeyCreated> rotateStreamKey(String name, String id) {
        return created(keys.rotate(caller.tenantId(), name, id));
    }

    private MutableHttpResponse<StreamKeyCreated> created(StreamKeyService.Created created) {
        StreamKeyRow row = created.row();
        String server = server(created.domain(), row.app());
        return HttpResponse.created(new StreamKeyCreated(row.id(), created.domain(), row.app(), row.stream(), server,
                Times.utc(row.createdAt()), created.value(), created.value(),
                localNode.url("rtmp://" + created.domain() + "/" + row.app() + "/" + created.value()))
                .description(row.description()))
                .header(HttpHeaders.LOCATION, "/v1/domains/" + created.domain() + "/stream-keys/" + row.id());
    }

    private StreamKey toApi(String domain, StreamKeyRow row) {
        return new StreamKey(row.id(), domain, row.app(), row.stream(), server(domain, row.app()),
                Times.utc(row.createdAt())).description(row.description());
    }

    /**
     * OBS's Server field, as for signed push URLs: OBS joins it and the stream key with a slash. On the local stack
     * it names the local node, the domain in {@code vhost} ({@link LocalNodeUrls}).
     */
    private String server(String domain, String app) {
        return localNode.url("rtmp://" + domain + "/" + app);
    }
}
