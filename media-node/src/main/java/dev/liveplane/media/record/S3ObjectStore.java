package dev.liveplane.media.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.FileRequestBodyConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;

/**
 * Writes recording files to an S3 bucket with the AWS SDK v2 async client: files past {@link #PART_BYTES} go up as
 * multipart uploads, whose object appears only once complete, so a reader never sees half a file.
 */
public final class S3ObjectStore implements ObjectStore {

    /** Part size, and the size from which the client uploads in parts. */
    static final long PART_BYTES = 8L << 20;
    /**
     * How much of a file one read takes: the SDK's default (16 KiB) makes a read, a callback and a socket write per
     * 16 KiB, which at 130 Mbit/s of uploads is thousands a second (bench/recording.sh).
     */
    private static final int READ_BYTES = 256 * 1024;

    private final StorageTarget target;
    private final S3AsyncClient client;

    public S3ObjectStore(StorageTarget target) {
        this.target = target;
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .region(Region.of(target.region()))
                .forcePathStyle(target.pathStyle())
                // Checksums only where S3 requires them: S3-compatible stores (S3Proxy, older MinIO) refuse the
                // SDK's default trailing checksums, and TCP plus S3's own MD5 of each part already cover the bytes.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .multipartEnabled(true)
                .multipartConfiguration(MultipartConfiguration.builder()
                        .thresholdInBytes(PART_BYTES).minimumPartSizeInBytes(PART_BYTES).build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(16)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(60))
                        .writeTimeout(Duration.ofSeconds(60)))
                .credentialsProvider(target.accessKeyId() == null ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(target.accessKeyId(),
                                target.secretAccessKey())));
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        this.client = builder.build();
    }

    public StorageTarget target() {
        return target;
    }

    @Override
    public CompletableFuture<Void> put(String key, Path file, String contentType) {
        PutObjectRequest request = PutObjectRequest.builder().bucket(target.bucket()).key(key)
                .contentType(contentType).build();
        AsyncRequestBody body = AsyncRequestBody.fromFile(FileRequestBodyConfiguration.builder().path(file)
                .chunkSizeInBytes(READ_BYTES).build());
        return client.putObject(request, body).thenApply(response -> null);
    }

    @Override
    public void close() {
        client.close();
    }
}
