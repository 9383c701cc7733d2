package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.NodeCredential;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeHeartbeatAck;
import dev.liveplane.api.node.model.NodeRegistration;
import dev.liveplane.api.node.model.NodeStatus;
import dev.liveplane.api.node.model.StreamOrigin;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.ProblemException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the node protocol's calls but the config long poll: {@code /internal/v1/nodes/register},
 * {@code .../heartbeat} and {@code /internal/v1/streams/.../origin} (events: {@link NodeEventController}).
 *
 * <p>Why this does not implement the generated {@code NodesApi}: that interface also declares the config long
 * poll synchronously, and a synchronous long poll would hold a thread per waiting node. A class implementing the
 * interface must implement that method, and with it its route, so none of the node routes can come from it; they
 * are declared here, in {@link NodeEventController} and in {@link NodeConfigController} with the spec's paths, bodies and constraints
 * ({@code NodeFleetTest} drives each of them as a node does). Requests and answers are the api module's wire types,
 * the ones the node writes and reads ({@link NodeWireTypes}); a request body is taken as a tree and read once it fits
 * its schema in the spec ({@link NodeRequestSchemas}).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class NodeController {

    private final FleetService fleet;
    private final HeartbeatRecorder heartbeats;
    private final FleetConfiguration config;
    private final NodeRequestSchemas requests;

    NodeController(FleetService fleet, HeartbeatRecorder heartbeats, FleetConfiguration config,
            NodeRequestSchemas requests) {
        this.fleet = fleet;
        this.heartbeats = heartbeats;
        this.config = config;
        this.requests = requests;
    }

    @Post("/internal/v1/nodes/register")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    HttpResponse<NodeCredential> registerNode(@Body @NotNull JsonNode body) {
        NodeRegistration registration = requests.read(body, NodeRegistration.class);
        FleetService.Registered registered = fleet.register(CurrentNode.bootstrapToken(), registration);
        String nodeId = registered.node().id();
        return HttpResponse.created(new NodeCredential().nodeId(nodeId).credential(registered.credential().token())
                .expiresAt(Times.utc(registered.credential().expiresAt()))
                .heartbeatIntervalSeconds((int) config.heartbeatInterval().toSeconds()))
                .header(HttpHeaders.LOCATION, "/admin/v1/nodes/" + nodeId);
    }

    @Post("/internal/v1/nodes/{id}/heartbeat")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    CompletableFuture<NodeHeartbeatAck> nodeHeartbeat(@PathVariable("id") @NotNull @Size(max = 64) String id,
            @Body @NotNull JsonNode body) {
        NodeHeartbeat heartbeat = requests.read(body, NodeHeartbeat.class);
        // Answered when its group has committed (HeartbeatRecorder), without holding this thread meanwhile.
        return heartbeats.record(CurrentNode.node(), heartbeat).thenApply(ack -> {
            NodeHeartbeatAck answer = new NodeHeartbeatAck().status(NodeStatus.fromValue(ack.status()));
            ack.credential().ifPresent(fresh -> answer.credential(fresh.token())
                    .expiresAt(Times.utc(fresh.expiresAt())));
            return answer;
        });
    }

    @Get("/internal/v1/streams/{domain}/{app}/{stream}/origin")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    StreamOrigin getStreamOrigin(@PathVariable("domain") @NotNull @Size(max = 253) String domain,
            @PathVariable("app") @NotNull @Size(max = 64) String app,
            @PathVariable("stream") @NotNull @Size(max = 128) String stream) {
        return fleet.streamOrigin(domain, app, stream)
                .map(origin -> new StreamOrigin().nodeId(origin.id()).address(origin.address())
                        .rtmpPort(origin.rtmpPort()).httpPort(origin.httpPort()))
                .orElseThrow(() -> ProblemException.notFound("Live stream " + domain + "/" + app + "/" + stream));
    }
}
