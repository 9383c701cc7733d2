package dev.liveplane.controlplane.recording;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the control plane hands out recordings ({@code liveplane.recording.*}): how long a download or playlist URL
 * works, and the public address of the API that signed playlist URLs start with (by default the scheme and host the
 * request came to).
 */
@ConfigurationProperties("liveplane.recording")
record RecordingConfiguration(
        @Bindable(defaultValue = "1h") Duration downloadUrlTtl,
        @Nullable String publicApiUrl) {
}
