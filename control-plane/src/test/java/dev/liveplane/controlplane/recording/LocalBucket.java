package dev.liveplane.controlplane.recording;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The test side of the embedded store: the properties that make a test's control plane record into S3Proxy in a
 * temporary directory on a free port (as {@code bin/liveplane up} does on 9000), with unverified domains served so a
 * fresh push domain is in the snapshot, and an S3 client of the test's own for that bucket.
 */
public final class LocalBucket implements AutoCloseable {

    public static final String BUCKET = "recordings-test";
    static final String KEY_ID = "test-s3-key-id";
    static final String SECRET = "test-s3-secret-access-key";
    private static final Path DIRECTORY = temporaryDirectory();

    private final S3Client s3;

    private LocalBucket(S3Client s3) {
        this.s3 = s3;
    }

    public static Map<String, String> properties() {
        return Map.of("liveplane.recording.embedded-s3.enabled", "true",
                "liveplane.recording.embedded-s3.port", "0",
                "liveplane.recording.embedded-s3.directory", DIRECTORY.toString(),
                "liveplane.recording.embedded-s3.bucket", BUCKET,
                "liveplane.recording.embedded-s3.access-key-id", KEY_ID,
                "liveplane.recording.embedded-s3.secret-access-key", SECRET,
                "liveplane.fleet.serve-unverified-domains", "true");
    }

    /** A client of the bucket the context's control plane records into. */
    public static LocalBucket of(ApplicationContext context) {
        Storage storage = context.getBean(RecordingStorage.class).storage().orElseThrow();
        return new LocalBucket(S3Client.builder().region(Region.US_EAST_1).endpointOverride(storage.endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build());
    }

    public void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    public boolean exists(String key) {
        try {
            s3.headObject(h -> h.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException gone) {
            return false;
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("liveplane-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
