package dev.liveplane.controlplane.recording;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The control plane's side of the recording bucket, with the AWS SDK v2: presigned GET URLs, whole small objects
 * (playlists, thumbnails) and deletes. Calls block; callers run on the blocking executor. Checksums are only sent
 * and checked where S3 requires them: S3Proxy does not understand the SDK's default trailing checksums.
 */
@Singleton
final class ObjectStore {

    /** S3 deletes at most this many keys per request. */
    private static final int DELETE_CHUNK = 1000;

    private final RecordingStorage storage;
    private volatile Clients clients;

    ObjectStore(RecordingStorage storage) {
        this.storage = storage;
    }

    /** Whether the deployment has a bucket at all. */
    boolean configured() {
        return storage.storage().isPresent();
    }

    /** A URL anyone may GET {@code key} with until {@code ttl} has passed. */
    URL presignGet(String key, Duration ttl) {
        Clients c = clients();
        return c.presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(g -> g.bucket(c.bucket).key(key))).url();
    }

    /** The object's bytes and when it was written; empty when there is no such object. */
    Optional<StoredObject> get(String key) {
        Clients c = clients();
        try {
            ResponseBytes<GetObjectResponse> object = c.s3.getObjectAsBytes(g -> g.bucket(c.bucket).key(key));
            return Optional.of(new StoredObject(object.asByteArray(), object.response().lastModified()));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        }
    }

    /** Deletes the keys; keys already gone are no error (S3 answers them as deleted). */
    void delete(List<String> keys) {
        Clients c = clients();
        for (int from = 0; from < keys.size(); from += DELETE_CHUNK) {
            List<ObjectIdentifier> chunk = keys.subList(from, Math.min(keys.size(), from + DELETE_CHUNK)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsResponse answer = c.s3.deleteObjects(d -> d.bucket(c.bucket)
                    .delete(Delete.builder().objects(chunk).quiet(true).build()));
            if (answer.hasErrors() && !answer.errors().isEmpty()) {
                throw new IllegalStateException("the bucket refused to delete " + answer.errors().size()
                        + " objects, first " + answer.errors().get(0).key() + ": " + answer.errors().get(0).code());
            }
        }
    }

    /** An object read whole. */
    record StoredObject(byte[] bytes, Instant lastModified) {
    }

    private Clients clients() {
        Clients c = clients;
        if (c == null) {
            synchronized (this) {
                if (clients == null) {
                    clients = new Clients(storage.storage().orElseThrow(() -> new IllegalStateException(
                            "no recording storage is configured")));
                }
                c = clients;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        Clients c = clients;
        if (c != null) {
            c.s3.close();
            c.presigner.close();
        }
    }

    /** The SDK's clients for one storage, made on first use (a deployment without storage makes none). */
    private static final class Clients {
        final String bucket;
        final S3Client s3;
        final S3Presigner presigner;

        Clients(Storage storage) {
            this.bucket = storage.bucket();
            AwsCredentialsProvider credentials = storage.accessKeyId() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(AwsBasicCredentials.create(storage.accessKeyId(),
                            storage.secretAccessKey()));
            Region region = Region.of(storage.region());
            // The presigner has no forcePathStyle of its own; the service configuration says the same.
            S3Configuration addressing = S3Configuration.builder().pathStyleAccessEnabled(storage.pathStyle())
                    .build();
            var s3 = S3Client.builder().region(region).credentialsProvider(credentials)
                    .forcePathStyle(storage.pathStyle())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            var presigner = S3Presigner.builder().region(region).credentialsProvider(credentials)
                    .serviceConfiguration(addressing);
            if (storage.endpoint() != null) {
                s3.endpointOverride(storage.endpoint());
                presigner.endpointOverride(storage.endpoint());
            }
            this.s3 = s3.build();
            this.presigner = presigner.build();
        }
    }
}
