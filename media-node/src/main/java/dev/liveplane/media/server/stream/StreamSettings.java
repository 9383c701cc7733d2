package dev.liveplane.media.server.stream;

import java.time.Duration;

/**
 * Per-stream limits.
 *
 * @param gopCacheMaxBytes       largest GOP kept for late joiners; a longer GOP is not cached (they wait for the next
 *                               keyframe instead)
 * @param viewerLagBytes         media queued for one viewer beyond which its next GOP is dropped whole
 * @param viewerMaxQueuedBytes   media queued for one viewer beyond which it is disconnected
 * @param viewerMaxDroppedGops   consecutive GOPs dropped for one viewer before it is disconnected
 * @param viewerMaxQueuedFrames  frames queued for one viewer beyond which it is disconnected
 * @param publisherStaleAfter    a publisher that sent no media for this long gives way to a new publisher of the
 *                               same stream (a reconnecting encoder whose old TCP session has not died yet)
 * @param writeMergeWindow       how long a viewer's live frames may wait to be written to its socket together
 *                               (merged writes, SRS's {@code mw_latency}); zero writes each frame as it arrives. A
 *                               viewer's start burst is never held
 */
public record StreamSettings(long gopCacheMaxBytes, long viewerLagBytes, long viewerMaxQueuedBytes,
        int viewerMaxDroppedGops, int viewerMaxQueuedFrames, Duration publisherStaleAfter,
        Duration writeMergeWindow) {

    public StreamSettings {
        if (writeMergeWindow.isNegative()) {
            throw new IllegalArgumentException("writeMergeWindow must not be negative: " + writeMergeWindow);
        }
    }

    /** Limits with frames written as they arrive (no merged writes). */
    public StreamSettings(long gopCacheMaxBytes, long viewerLagBytes, long viewerMaxQueuedBytes,
            int viewerMaxDroppedGops, int viewerMaxQueuedFrames, Duration publisherStaleAfter) {
        this(gopCacheMaxBytes, viewerLagBytes, viewerMaxQueuedBytes, viewerMaxDroppedGops, viewerMaxQueuedFrames,
                publisherStaleAfter, Duration.ZERO);
    }

    public static StreamSettings defaults() {
        return new StreamSettings(8L << 20, 1L << 20, 8L << 20, 4, 4096, Duration.ofMillis(1000));
    }

    public StreamSettings withWriteMergeWindow(Duration window) {
        return new StreamSettings(gopCacheMaxBytes, viewerLagBytes, viewerMaxQueuedBytes, viewerMaxDroppedGops,
                viewerMaxQueuedFrames, publisherStaleAfter, window);
    }
}
