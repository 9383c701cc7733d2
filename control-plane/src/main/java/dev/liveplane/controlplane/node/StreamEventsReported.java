package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.web.model.StreamEvent;
import java.util.List;

/**
 * Published synchronously, inside the transaction that records them, with the events of one batch that the node had
 * not sent before, in the node's order. A listener that throws rolls the batch back: when a record caused it (a
 * value the database refuses) the intake splits the batch to set that record aside, otherwise the node sends the
 * batch again.
 */
public record StreamEventsReported(String nodeId, List<StreamEvent> events) {

    public StreamEventsReported {
        events = List.copyOf(events);
    }
}
