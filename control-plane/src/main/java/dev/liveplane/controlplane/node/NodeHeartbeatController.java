package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeHeartbeatAck;
import dev.liveplane.api.node.model.NodeStatus;
import dev.liveplane.controlplane.Times;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.json.tree.JsonNode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.concurrent.CompletableFuture;

/**
 * Serves {@code POST /internal/v1/nodes/{id}/heartbeat}: the body is checked against the spec on the event loop (no
 * I/O), and the heartbeat recorded by one of a few {@link HeartbeatWriters}, not on a thread of its own.
 */
@Controller
class NodeHeartbeatController {

    private final FleetService fleet;
    private final NodeRequestSchemas requests;
    private final HeartbeatWriters writers;

    NodeHeartbeatController(FleetService fleet, NodeRequestSchemas requests, HeartbeatWriters writers) {
        this.fleet = fleet;
        this.requests = requests;
        this.writers = writers;
    }

    @Post("/internal/v1/nodes/{id}/heartbeat")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    CompletableFuture<NodeHeartbeatAck> nodeHeartbeat(HttpRequest<?> request,
            @PathVariable("id") @NotNull @Size(max = 64) String id, @Body @NotNull JsonNode body) {
        NodeHeartbeat heartbeat = requests.read(body, NodeHeartbeat.class);
        NodeCaller caller = CurrentNode.node(request);
        return writers.submit(() -> {
            FleetService.Ack ack = fleet.heartbeat(caller, heartbeat);
            NodeHeartbeatAck answer = new NodeHeartbeatAck().status(NodeStatus.fromValue(ack.status()));
            ack.credential().ifPresent(fresh -> answer.credential(fresh.token())
                    .expiresAt(Times.utc(fresh.expiresAt())));
            return answer;
        });
    }
}
