package dev.liveplane.controlplane.recording;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The local stack's object store ({@code liveplane.recording.embedded-s3.*}): when enabled, the control plane runs
 * S3Proxy on 127.0.0.1:{@code port} over files in {@code directory} and records into its {@code bucket}. Keys left
 * out are generated once and kept with the other generated secrets.
 */
@ConfigurationProperties("liveplane.recording.embedded-s3")
record EmbeddedS3Configuration(
        @Bindable(defaultValue = "false") boolean enabled,
        @Bindable(defaultValue = "9000") int port,
        @Bindable(defaultValue = ".liveplane/s3") String directory,
        @Bindable(defaultValue = "liveplane-recordings") String bucket,
        @Nullable String accessKeyId,
        @Nullable String secretAccessKey) {

    @Override
    public String toString() {
        return "EmbeddedS3Configuration[enabled=" + enabled + ", port=" + port + ", directory=" + directory + "]";
    }
}
