package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.StreamEvent;
import java.util.List;

/**
 * Published synchronously, inside the transaction that records them, with the events that nodes had not sent
 * before: one {@link NodeBatch} per node call recorded in that transaction, each in the node's order, the calls in
 * the order they arrived. A listener that throws rolls every batch back: when a record caused it (a value the
 * database refuses) the intake records each call alone, splitting it to set that record aside; otherwise the nodes
 * send their batches again.
 */
public record StreamEventsReported(List<NodeBatch> batches) {

    /** The fresh events of one node's call. */
    public record NodeBatch(String nodeId, List<StreamEvent> events) {

        public NodeBatch {
            events = List.copyOf(events);
        }
    }

    public StreamEventsReported {
        batches = List.copyOf(batches);
    }

    /** One node's events alone. */
    public StreamEventsReported(String nodeId, List<StreamEvent> events) {
        this(List.of(new NodeBatch(nodeId, events)));
    }
}
