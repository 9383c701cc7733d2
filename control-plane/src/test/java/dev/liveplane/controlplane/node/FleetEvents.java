package dev.liveplane.controlplane.node;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Listens to the fleet's events as the streams part does, and keeps them for the tests to look at. */
@Singleton
public final class FleetEvents {

    public final List<NodeSilenced> silenced = new CopyOnWriteArrayList<>();
    public final List<NodeHeartbeatReceived> heartbeats = new CopyOnWriteArrayList<>();
    /** Each node call's fresh events, as recorded (several calls may have been recorded together). */
    public final List<StreamEventsReported.NodeBatch> reported = new CopyOnWriteArrayList<>();

    @EventListener
    void onSilenced(NodeSilenced event) {
        silenced.add(event);
    }

    @EventListener
    void onHeartbeat(NodeHeartbeatReceived event) {
        heartbeats.add(event);
    }

    @EventListener
    void onReported(StreamEventsReported event) {
        reported.addAll(event.batches());
    }

    public long silencedCount(String nodeId) {
        return silenced.stream().filter(e -> e.nodeId().equals(nodeId)).count();
    }
}
