package dev.liveplane.media.fleet.spool;

import java.util.Map;

/** What became of one batch sent to the control plane, as a {@link SpooledReporter} acts on it. */
public sealed interface Answer {

    /** Recorded; the records at these positions of the batch were set aside for good, with why. */
    record Accepted(Map<Integer, String> setAside) implements Answer {
    }

    /** The whole batch refused for good (400, 413, 422): split it down to the record at fault. */
    record Refused(String why) implements Answer {
    }

    /** Not now (a 5xx, the network, a credential being renewed): the same batch again after a backoff. */
    record Retry(String problem) implements Answer {
    }

    /** The control plane will take nothing from this node again (it was deleted): stop sending. */
    record Stop() implements Answer {
    }
}
