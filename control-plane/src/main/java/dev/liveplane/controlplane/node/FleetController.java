package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.Idempotency;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.FleetApi;
import dev.liveplane.controlplane.web.model.Node;
import dev.liveplane.controlplane.web.model.NodeCapacity;
import dev.liveplane.controlplane.web.model.NodePage;
import dev.liveplane.controlplane.web.model.NodeStatus;
import dev.liveplane.controlplane.web.model.NodeToken;
import dev.liveplane.controlplane.web.model.NodeTokenCreated;
import dev.liveplane.controlplane.web.model.NodeTokenPage;
import dev.liveplane.controlplane.web.model.NodeTokenRequest;
import dev.liveplane.controlplane.web.model.RejectedNodeRecord;
import dev.liveplane.controlplane.web.model.RejectedNodeRecords;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves the operator's fleet routes: {@code /admin/v1/node-tokens} and {@code /admin/v1/nodes}. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class FleetController implements FleetApi {

    /** The idempotency-key namespace of the operator, who has no tenant id. */
    private static final String OPERATOR = "operator";

    private final NodeTokenService tokens;
    private final FleetService fleet;
    private final Idempotency idempotency;
    private final RejectedEventLog rejected;

    FleetController(NodeTokenService tokens, FleetService fleet, Idempotency idempotency,
            RejectedEventLog rejected) {
        this.tokens = tokens;
        this.fleet = fleet;
        this.idempotency = idempotency;
        this.rejected = rejected;
    }

    @Override
    public HttpResponse<NodeTokenCreated> createNodeToken(NodeTokenRequest request, String idempotencyKey) {
        return idempotency.create(OPERATOR, idempotencyKey, "POST /admin/v1/node-tokens", request,
                NodeTokenCreated.class, () -> {
                    NodeTokenService.Created created = tokens.create(request.getDescription(),
                            request.getTtlSeconds());
                    NodeTokenRow row = created.row();
                    return HttpResponse.created(new NodeTokenCreated(row.id(), Times.utc(row.createdAt()),
                            Times.utc(row.expiresAt()), false, created.token()).description(row.description()))
                            .header(HttpHeaders.LOCATION, "/admin/v1/node-tokens/" + row.id());
                });
    }

    @Override
    public NodeTokenPage listNodeTokens(Integer pageSize, String pageToken) {
        Slice<NodeToken> page = tokens.list(PageToken.size(pageSize), PageToken.decode(pageToken))
                .map(FleetController::toApi);
        return new NodeTokenPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> revokeNodeToken(String id) {
        tokens.revoke(id);
        return HttpResponse.noContent();
    }

    @Override
    public NodePage listNodes(Integer pageSize, String pageToken) {
        Slice<Node> page = fleet.list(PageToken.size(pageSize), PageToken.decode(pageToken))
                .map(FleetController::toApi);
        return new NodePage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public Node getNode(String id) {
        return toApi(fleet.get(id));
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> deleteNode(String id) {
        fleet.delete(id);
        return HttpResponse.noContent();
    }

    @Override
    public RejectedNodeRecords listRejectedNodeEvents(String id, Integer pageSize) {
        fleet.get(id);
        var page = rejected.list(id, PageToken.size(pageSize));
        return new RejectedNodeRecords(page.total(), page.items().stream().map(row -> new RejectedNodeRecord(id,
                Times.utc(row.receivedAt()), row.reason(), row.record()).eventId(row.eventId())).toList());
    }

    @Override
    public Node drainNode(String id) {
        return toApi(fleet.drain(id, true));
    }

    @Override
    public Node undrainNode(String id) {
        return toApi(fleet.drain(id, false));
    }

    private static NodeToken toApi(NodeTokenRow row) {
        return new NodeToken(row.id(), Times.utc(row.createdAt()), Times.utc(row.expiresAt()),
                row.revokedAt() != null).description(row.description());
    }

    static Node toApi(NodeRow row) {
        NodeCapacity capacity = row.maxViewers() == null && row.maxIngestKbps() == null ? null
                : new NodeCapacity().maxViewers(row.maxViewers()).maxIngestKbps(row.maxIngestKbps());
        return new Node(row.id(), row.address(), row.rtmpPort(), row.httpPort(), row.region(),
                NodeStatus.fromValue(row.status()), Times.utc(row.registeredAt()), row.streams(), row.viewers())
                .capacity(capacity)
                .version(row.version())
                .lastHeartbeatAt(Times.utc(row.lastHeartbeatAt()))
                .configVersion(row.configVersion());
    }
}
