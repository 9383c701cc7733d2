package dev.liveplane.media.record;

/** Where the node's recording outcomes go once due: the durable reporter to the control plane, under a fleet. */
@FunctionalInterface
public interface RecordingReports {

    /** Takes one outcome; called on the outbox's thread, must not block for long. */
    void report(RecordingOutcome outcome);
}
