package dev.liveplane.controlplane.usage;

import java.util.List;

/**
 * What became of a node's usage records: how many were counted now (replays excluded), and those set aside, with
 * why, for the node to drop.
 */
public record UsageCounted(int accepted, List<Refused> refused) {

    /** A record the control plane could not take: where it was in the batch, its id and why. */
    public record Refused(int index, String recordId, String reason) {
    }
}
