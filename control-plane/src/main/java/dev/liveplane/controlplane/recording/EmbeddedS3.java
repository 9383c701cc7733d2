package dev.liveplane.controlplane.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * Turns a directory into an S3-compatible endpoint on 127.0.0.1: S3Proxy in this process over jclouds'
 * {@code filesystem} provider (one folder per bucket, one file per object), signed requests only. The local stack's
 * store, and the one the tests record into.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;

    private EmbeddedS3(BlobStoreContext blobs, S3Proxy proxy) {
        this.blobs = blobs;
        this.proxy = proxy;
    }

    /**
     * Serves {@code directory} on 127.0.0.1:{@code port} ({@code 0}: a free one) with {@code bucket} in it, for
     * requests signed with the given key.
     */
    public static EmbeddedS3 start(Path directory, int port, String bucket, String accessKeyId,
            String secretAccessKey) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded S3 directory " + directory, e);
        }
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        BlobStoreContext blobs = ContextBuilder.newBuilder("filesystem").overrides(overrides)
                .buildView(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                // The AWS SDK sends a CRC32 header with every multi-object delete (S3 requires a checksum there);
                // S3Proxy answers headers it does not know with 501 unless told to ignore them.
                .ignoreUnknownHeaders(true)
                // The console plays recordings in the page: hls.js and mpegts.js fetch the presigned objects from
                // the console's origin, which a browser allows only with CORS (a bucket on AWS needs the same rule).
                .corsRules(new CrossOriginResourceSharing(List.of("*"), List.of("GET", "HEAD"), List.of("*"),
                        List.of(), "false"))
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            blobs.close();
            throw new IllegalStateException("embedded S3 did not start on 127.0.0.1:" + port + ": " + e.getMessage(),
                    e);
        }
        EmbeddedS3 started = new EmbeddedS3(blobs, proxy);
        blobs.getBlobStore().createContainerInLocation(null, bucket);
        return started;
    }

    /** Where clients reach it: {@code http://127.0.0.1:{port}}, path-style. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 did not stop", e);
        } finally {
            blobs.close();
        }
    }
}
