package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.record.S3ObjectStore;
import dev.liveplane.media.record.StorageTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording file past the multipart threshold goes to a real S3 API (S3Proxy) in parts and arrives whole: the
 * object's bytes are the file's, and its ETag is a multipart upload's ({@code "<md5 of the part md5s>-<parts>"}).
 */
class LargeUploadTest {

    @TempDir
    Path dir;

    @Test
    void aFileOfSeveralPartsArrivesWholeAsOneObject() throws Exception {
        byte[] content = new byte[20 << 20]; // three parts of 8 MiB
        new Random(15).nextBytes(content);
        Path file = Files.write(dir.resolve("cycle.flv"), content);
        try (LocalS3 s3 = new LocalS3(dir.resolve("s3"));
                S3ObjectStore store = new S3ObjectStore(new StorageTarget(LocalS3.BUCKET, "us-east-1",
                        s3.endpoint(), true, LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY))) {
            store.put("push.example.com/live/big/0.flv", file, "video/x-flv").get(60, TimeUnit.SECONDS);

            Path back = s3.download("push.example.com/live/big/0.flv", dir.resolve("back/0.flv"));
            assertThat(Files.readAllBytes(back)).isEqualTo(content);
            assertThat(s3.blobs().blobMetadata(LocalS3.BUCKET, "push.example.com/live/big/0.flv").getETag())
                    .endsWith("-3\"");
        }
    }
}
