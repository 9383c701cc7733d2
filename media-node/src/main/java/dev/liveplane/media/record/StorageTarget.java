package dev.liveplane.media.record;

import java.net.URI;

/**
 * The bucket recordings go to, as the control plane's snapshot names it.
 *
 * @param endpoint an S3-compatible endpoint, or null for AWS S3 itself
 * @param accessKeyId null: the node's own AWS credentials (an instance role)
 */
public record StorageTarget(String bucket, String region, URI endpoint, boolean pathStyle, String accessKeyId,
        String secretAccessKey) {

    public StorageTarget {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is empty");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region is empty");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("give both accessKeyId and secretAccessKey, or neither");
        }
    }

    /** Never shows the secret: the target ends up in logs. */
    @Override
    public String toString() {
        return "StorageTarget[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", pathStyle="
                + pathStyle + ", accessKeyId=" + accessKeyId + "]";
    }
}
