package dev.liveplane.controlplane.secret;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the configured secrets into usable ones: configured values win; missing values are generated once into
 * files readable by the owner only (so restarts keep sessions and keys), unless generation is off, in which case the
 * service refuses to start. Created eagerly so that a missing secret stops the service at boot, not at first use.
 */
@Context
public final class PlatformSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final String operatorToken;
    private final byte[] masterKey;
    private final byte[] jwtSecret;
    private final byte[] nodeCredentialSecret;
    private final byte[] hlsSessionSecret;
    private final SecretsConfiguration config;

    PlatformSecrets(SecretsConfiguration config) {
        this.config = config;
        Path directory = Path.of(config.directory());
        this.operatorToken = resolve(config.operatorToken(), "LIVEPLANE_OPERATOR_TOKEN", config, directory,
                "operator-token", () -> "lpo_" + randomText());
        String master = resolve(config.masterKey(), "LIVEPLANE_MASTER_KEY", config, directory, "master-key",
                () -> Base64.getEncoder().encodeToString(randomBytes()));
        this.masterKey = decodeKey(master, "LIVEPLANE_MASTER_KEY", "AES-256");
        String jwt = resolve(config.jwtSecret(), "LIVEPLANE_JWT_SECRET", config, directory, "jwt-secret",
                PlatformSecrets::randomText);
        this.jwtSecret = jwt.getBytes(StandardCharsets.UTF_8);
        if (jwtSecret.length < KEY_BYTES) {
            throw new ConfigurationException("LIVEPLANE_JWT_SECRET must be at least 32 bytes long (HS256 key)");
        }
        // A key of its own, so that no session token can ever pass as a node credential or the other way round.
        String node = resolve(config.nodeCredentialSecret(), "LIVEPLANE_NODE_CREDENTIAL_SECRET", config, directory,
                "node-credential-secret", PlatformSecrets::randomText);
        this.nodeCredentialSecret = node.getBytes(StandardCharsets.UTF_8);
        if (nodeCredentialSecret.length < KEY_BYTES) {
            throw new ConfigurationException("LIVEPLANE_NODE_CREDENTIAL_SECRET must be at least 32 bytes long "
                    + "(HS256 key)");
        }
        String hls = resolve(config.hlsSessionSecret(), "LIVEPLANE_HLS_SESSION_SECRET", config, directory,
                "hls-session-secret", () -> Base64.getEncoder().encodeToString(randomBytes()));
        this.hlsSessionSecret = decodeKey(hls, "LIVEPLANE_HLS_SESSION_SECRET", "HMAC-SHA256");
    }

    /** The credential the platform operator presents on {@code /admin/v1}. */
    public String operatorToken() {
        return operatorToken;
    }

    /** The AES-256 key that encrypts secrets the service must read back (signing keys, replayed responses). */
    public byte[] masterKey() {
        return masterKey.clone();
    }

    /** The HS256 key of session tokens. */
    public byte[] jwtSecret() {
        return jwtSecret.clone();
    }

    /** The HS256 key of node credentials, apart from the session key. */
    public byte[] nodeCredentialSecret() {
        return nodeCredentialSecret.clone();
    }

    /** The key every media node signs HLS session tokens with (in the config snapshot), so sessions move nodes. */
    public byte[] hlsSessionSecret() {
        return hlsSessionSecret.clone();
    }

    /**
     * A secret only some deployments need (the embedded object store's keys): {@code configured} when set, else
     * generated once into {@code file} beside the others; a missing one stops the caller where secrets are not
     * generated, naming {@code setting}.
     */
    public String optional(@Nullable String configured, String setting, String file) {
        return resolve(configured, setting, config, Path.of(config.directory()), file, PlatformSecrets::randomText);
    }

    private static String resolve(String configured, String variable, SecretsConfiguration config, Path directory,
            String file, Supplier<String> generator) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (!config.generateMissing()) {
            throw new ConfigurationException(variable + " is not set, and this environment does not generate "
                    + "secrets (liveplane.secrets.generate-missing=false); set it and start again");
        }
        return readOrCreate(directory.resolve(file), generator);
    }

    private static String readOrCreate(Path path, Supplier<String> generator) {
        try {
            // Also when the file exists: a directory an older version made world-readable is closed now.
            PrivateFiles.directory(path.getParent());
            if (Files.exists(path)) {
                return Files.readString(path, StandardCharsets.UTF_8).strip();
            }
            try {
                Files.createFile(path, OWNER_ONLY);
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(path, StandardCharsets.UTF_8).strip();
            }
            String value = generator.get();
            Files.writeString(path, value, StandardCharsets.UTF_8);
            LOG.info("secret generated file={}", path.toAbsolutePath());
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + path, e);
        }
    }

    private static byte[] decodeKey(String base64, String variable, String use) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(variable + " must be base64 (e.g. openssl rand -base64 32)");
        }
        if (key.length != KEY_BYTES) {
            throw new ConfigurationException(variable + " must decode to 32 bytes (" + use + "), not "
                    + key.length);
        }
        return key;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String randomText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }
}
