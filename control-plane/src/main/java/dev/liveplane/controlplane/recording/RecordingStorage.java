package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.secret.PlatformSecrets;
import dev.liveplane.controlplane.secret.PrivateFiles;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at startup where recordings go: the embedded store when it is on (started here, keys generated beside the
 * other secrets unless configured), else the configured bucket, else nowhere (recording is off: rules are refused
 * and the snapshot has no {@code recording}). A {@link Context} bean, so a store that cannot start stops the service
 * at boot.
 */
@Context
final class RecordingStorage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingStorage.class);

    private final Storage storage;
    private final EmbeddedS3 embedded;

    RecordingStorage(StorageConfiguration configured, EmbeddedS3Configuration local, PlatformSecrets secrets) {
        if (local.enabled()) {
            String keyId = secrets.optional(local.accessKeyId(), "liveplane.recording.embedded-s3.access-key-id",
                    "s3-access-key-id");
            String secret = secrets.optional(local.secretAccessKey(),
                    "liveplane.recording.embedded-s3.secret-access-key", "s3-secret-access-key");
            // Tenants' recordings: the directory is its owner's only, as the embedded database's is.
            PrivateFiles.directory(Path.of(local.directory()));
            this.embedded = EmbeddedS3.start(Path.of(local.directory()), local.port(), local.bucket(), keyId, secret);
            this.storage = new Storage(local.bucket(), "us-east-1", embedded.endpoint(), true, keyId, secret);
            LOG.info("recording storage embedded endpoint={} bucket={} directory={}", embedded.endpoint(),
                    local.bucket(), Path.of(local.directory()).toAbsolutePath());
        } else {
            this.embedded = null;
            this.storage = configured(configured);
            LOG.info("recording storage {}", storage == null ? "none: recording is off" : storage);
        }
    }

    private static Storage configured(StorageConfiguration c) {
        if (blank(c.bucket())) {
            return null;
        }
        if (blank(c.accessKeyId()) != blank(c.secretAccessKey())) {
            throw new ConfigurationException("liveplane.recording.storage: set both access-key-id and "
                    + "secret-access-key, or neither (the AWS default credentials, e.g. an instance role)");
        }
        URI endpoint = blank(c.endpoint()) ? null : URI.create(c.endpoint().strip());
        return new Storage(c.bucket().strip(), c.region().strip(), endpoint, c.pathStyle(),
                blank(c.accessKeyId()) ? null : c.accessKeyId().strip(),
                blank(c.secretAccessKey()) ? null : c.secretAccessKey().strip());
    }

    /** Unset: the environment variables behind these settings default to empty. */
    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The storage in use; empty when the deployment records nothing. */
    Optional<Storage> storage() {
        return Optional.ofNullable(storage);
    }

    @PreDestroy
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
