package dev.liveplane.media.record;

import java.time.Duration;
import java.util.Set;

/**
 * How the streams of a push domain, one app or one stream are recorded (the snapshot's {@code
 * SnapshotRecordingRule}).
 *
 * @param app    the app, or {@code *} for any
 * @param stream the stream, or {@code *} for any
 * @param manual true: recorded only while the control plane lists the stream as started by hand
 * @param thumbnailInterval zero for no thumbnails
 */
public record RecordingRule(String domainId, String domain, String app, String stream, boolean manual,
        Set<RecordingFormat> formats, Duration cycle, Duration hlsSegment, KeyTemplate keys,
        Duration reconnectWindow, Duration thumbnailInterval) {

    public static final String ANY = "*";

    public RecordingRule {
        formats = Set.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("a rule records at least one format");
        }
        if (cycle.isNegative() || cycle.isZero() || hlsSegment.isNegative() || hlsSegment.isZero()) {
            throw new IllegalArgumentException("cycle and HLS segment lengths must be positive");
        }
    }

    /** How specific the rule is: 2 for one stream, 1 for an app, 0 for the whole domain. */
    int specificity() {
        return ANY.equals(stream) ? (ANY.equals(app) ? 0 : 1) : 2;
    }

    boolean covers(String app, String stream) {
        // App and stream names compare without case, as StreamKey's identity does.
        return (ANY.equals(this.app) || this.app.equalsIgnoreCase(app))
                && (ANY.equals(this.stream) || this.stream.equalsIgnoreCase(stream));
    }
}
