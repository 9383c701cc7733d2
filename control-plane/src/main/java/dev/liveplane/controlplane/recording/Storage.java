package dev.liveplane.controlplane.recording;

import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bucket recordings go to, as nodes and the control plane reach it. Without keys, each side uses its own AWS
 * credentials (an instance role). Its {@code toString} leaves the secret out, so it may be logged.
 */
record Storage(String bucket, String region, @Nullable URI endpoint, boolean pathStyle,
        @Nullable String accessKeyId, @Nullable String secretAccessKey) {

    /** A hash of every setting, the secret too: what changes when nodes must be told of other storage. */
    String fingerprint() {
        String all = String.join("\n", bucket, region, String.valueOf(endpoint), String.valueOf(pathStyle),
                String.valueOf(accessKeyId), String.valueOf(secretAccessKey));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(all.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "Storage[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", pathStyle="
                + pathStyle + ", accessKeyId=" + accessKeyId + "]";
    }
}
