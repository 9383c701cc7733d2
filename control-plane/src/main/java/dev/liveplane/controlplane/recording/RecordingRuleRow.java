package dev.liveplane.controlplane.recording;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.List;

/** What a push domain records for one app and stream ({@code *} for any), as stored; formats comma-separated. */
@MappedEntity("recording_rules")
record RecordingRuleRow(
        @Id String id,
        String tenantId,
        String domainId,
        String app,
        String stream,
        boolean enabled,
        String policy,
        String formats,
        int cycleSeconds,
        int hlsSegmentSeconds,
        String keyTemplate,
        int reconnectWindowSeconds,
        int thumbnailIntervalSeconds,
        Instant updatedAt) {

    static final String ANY = "*";
    static final String MANUAL = "manual";

    List<String> formatList() {
        return List.of(formats.split(","));
    }

    /** How closely the rule names a stream it covers: 2 for the stream itself, 1 for its app, 0 for any. */
    int specificity() {
        return ANY.equals(app) ? 0 : ANY.equals(stream) ? 1 : 2;
    }

    /** Whether a publish of {@code app}/{@code stream} falls under it (names compare ignoring case, as streams do). */
    boolean covers(String app, String stream) {
        return (ANY.equals(this.app) || this.app.equalsIgnoreCase(app))
                && (ANY.equals(this.stream) || this.stream.equalsIgnoreCase(stream));
    }
}
