package dev.liveplane.controlplane.recording;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A recording rule as a tenant sends it; each value left out (null) takes its default ({@link #withDefaults}), since
 * a PUT replaces the whole rule.
 */
record RuleSettings(@Nullable Boolean enabled, @Nullable String policy, @Nullable List<String> formats,
        @Nullable Integer cycleSeconds, @Nullable Integer hlsSegmentSeconds, @Nullable String keyTemplate,
        @Nullable Integer reconnectWindowSeconds, @Nullable Integer thumbnailIntervalSeconds) {

    static final String DEFAULT_KEY_TEMPLATE = "{domain}/{app}/{stream}/{start}_{seq}";
    /** The spec's {@code RecordingFormat} values, in its order (stored and shown in this order). */
    static final List<String> FORMATS = List.of("flv", "hls", "mp4");

    RuleSettings withDefaults() {
        return new RuleSettings(enabled == null || enabled, policy == null ? "auto" : policy,
                formats == null || formats.isEmpty() ? List.of("flv")
                        : FORMATS.stream().filter(formats::contains).toList(),
                cycleSeconds == null ? 3600 : cycleSeconds, hlsSegmentSeconds == null ? 6 : hlsSegmentSeconds,
                keyTemplate == null ? DEFAULT_KEY_TEMPLATE : keyTemplate,
                reconnectWindowSeconds == null ? 30 : reconnectWindowSeconds,
                thumbnailIntervalSeconds == null ? 0 : thumbnailIntervalSeconds);
    }
}
