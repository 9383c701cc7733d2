package dev.liveplane.controlplane.recording;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The deployment's recording bucket as configured ({@code liveplane.recording.storage.*}): S3 itself (no endpoint;
 * no keys when nodes and the control plane use an instance role) or any S3-compatible store (endpoint, path-style
 * addressing, keys). No bucket means no recording, unless the embedded store is on ({@link EmbeddedS3Configuration}).
 */
@ConfigurationProperties("liveplane.recording.storage")
record StorageConfiguration(
        @Nullable String bucket,
        @Bindable(defaultValue = "us-east-1") String region,
        @Nullable String endpoint,
        @Bindable(defaultValue = "false") boolean pathStyle,
        @Nullable String accessKeyId,
        @Nullable String secretAccessKey) {

    @Override
    public String toString() {
        return "StorageConfiguration[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + "]";
    }
}
