package dev.liveplane.media.fleet.spool;

import java.time.Duration;

/** How long a {@link SpooledReporter} waits before sending a batch again after a temporary failure. */
public interface RetryDelay {

    /** Counts a failure and says how long to wait. */
    Duration next();

    /** The last attempt went through. */
    void reset();
}
