package dev.liveplane.media.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 API on loopback for the tests: S3Proxy in-process over jclouds' filesystem store in a directory of the
 * test's, with a bucket made, signature-checked credentials, and a stop and start on the same port that stands for
 * an outage of the bucket.
 */
final class LocalS3 implements AutoCloseable {

    static final String BUCKET = "recordings";
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key-of-some-length";

    private final BlobStoreContext context;
    private final int port;
    private S3Proxy proxy;

    LocalS3(Path dir) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", Files.createDirectories(dir).toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(properties)
                .credentials("identity", "credential").build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        proxy = proxy(0);
        proxy.start();
        awaitStarted(proxy);
        port = proxy.getPort();
    }

    private S3Proxy proxy(int onPort) {
        return S3Proxy.builder().blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // As the local stack's store runs (control plane's EmbeddedS3): S3Proxy answers 501 to headers it
                // does not know, such as the SDK's multipart checksum algorithm, unless told to ignore them.
                .ignoreUnknownHeaders(true)
                .endpoint(URI.create("http://127.0.0.1:" + onPort)).build();
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        for (int i = 0; i < 200 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(25);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The snapshot's {@code recording.storage} for this store, reached at {@code endpoint} (a proxy of it). */
    String storageJson(URI endpoint) {
        return """
                {"bucket": "%s", "region": "us-east-1", "endpoint": "%s", "pathStyle": true,
                 "accessKeyId": "%s", "secretAccessKey": "%s"}""".formatted(BUCKET, endpoint, ACCESS_KEY,
                SECRET_KEY);
    }

    String storageJson() {
        return storageJson(endpoint());
    }

    /**
     * {@code snapshot} (a ConfigSnapshot's JSON) with a {@code recording} section: this bucket, and one rule
     * recording every stream of {@code pushDomain} (whose id is {@link FleetTestBase#idOf}) in {@code formats} (a JSON
     * array).
     */
    String withRecording(String snapshot, String pushDomain, String formats, int cycleSeconds,
            int reconnectSeconds, int thumbnailSeconds) {
        String recording = """
                , "recording": {"storage": %s,
                  "rules": [{"domainId": "%s", "domain": "%s", "app": "*", "stream": "*", "policy": "auto",
                             "formats": %s, "cycleSeconds": %d, "hlsSegmentSeconds": 2,
                             "keyTemplate": "{domain}/{app}/{stream}/{start}_{seq}",
                             "reconnectWindowSeconds": %d, "thumbnailIntervalSeconds": %d}],
                  "manual": []}}
                """.formatted(storageJson(), FleetTestBase.idOf(pushDomain), pushDomain, formats, cycleSeconds,
                        reconnectSeconds, thumbnailSeconds);
        return snapshot.substring(0, snapshot.lastIndexOf('}')) + recording;
    }

    BlobStore blobs() {
        return context.getBlobStore();
    }

    /** Every key in the bucket. */
    List<String> keys() {
        return blobs().list(BUCKET, ListContainerOptions.Builder.recursive()).stream()
                .filter(m -> m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB)
                .map(StorageMetadata::getName).sorted().toList();
    }

    /** Copies an object to {@code target}. */
    Path download(String key, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (var in = blobs().getBlob(BUCKET, key).getPayload().openStream()) {
            Files.copy(in, target);
        }
        return target;
    }

    /** The bucket goes away: connections are refused until {@link #start}. */
    void stop() throws Exception {
        proxy.stop();
    }

    /** The bucket comes back on the same port. */
    void start() throws Exception {
        proxy = proxy(port);
        proxy.start();
        awaitStarted(proxy);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
