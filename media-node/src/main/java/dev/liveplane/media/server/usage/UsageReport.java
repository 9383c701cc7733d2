package dev.liveplane.media.server.usage;

import java.util.List;

/** Takes the records each flush of the meter makes, to carry them to the control plane durably. */
@FunctionalInterface
public interface UsageReport {

    /** Keeps {@code records} for sending; called on the flusher's thread, must not wait on the network. */
    void report(List<MeteredUsage> records);
}
