package dev.liveplane.media.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Keeps what a node must remember across restarts in its state directory: its identity and credential
 * ({@code node.json}), the last config snapshot, verbatim ({@code snapshot.json}), and the node's own admin token
 * ({@code admin-token}, what local tools send to the admin port to drain the node). The directory is 0700 and the
 * files 0600 (they hold secrets); each write goes to a temporary file that is synced and then renamed over the old
 * one, so a crash leaves the old file or the new one, never half of either.
 */
public final class StateDir {

    static final String IDENTITY_FILE = "node.json";
    static final String SNAPSHOT_FILE = "snapshot.json";
    static final String ADMIN_TOKEN_FILE = "admin-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Few write calls for a 40 MB snapshot, little memory for the small files. */
    private static final int WRITE_BUFFER = 64 * 1024;

    private final Path dir;
    private final boolean posix;

    public StateDir(Path dir) throws IOException {
        this.dir = dir;
        this.posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            try {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            } catch (FileAlreadyExistsException e) {
                throw new IOException(dir + " exists and is not a directory", e);
            }
        }
    }

    public Path path() {
        return dir;
    }

    /** The saved identity, if any; a file that cannot be read is reported as an IOException. */
    public Optional<NodeIdentity> loadIdentity() throws IOException {
        Optional<String> text = read(IDENTITY_FILE);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(text.get());
        if (node == null || !node.hasNonNull("nodeId") || !node.hasNonNull("credential")) {
            throw new IOException(dir.resolve(IDENTITY_FILE) + ": no nodeId and credential");
        }
        Instant expires = node.hasNonNull("expiresAt") ? Instant.parse(node.get("expiresAt").asText()) : null;
        int interval = node.path("heartbeatIntervalSeconds").asInt(NodeIdentity.DEFAULT_HEARTBEAT_SECONDS);
        return Optional.of(new NodeIdentity(node.get("nodeId").asText(), node.get("credential").asText(), expires,
                interval));
    }

    public void saveIdentity(NodeIdentity identity) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("nodeId", identity.nodeId());
        node.put("credential", identity.credential());
        if (identity.expiresAt() != null) {
            node.put("expiresAt", identity.expiresAt().toString());
        }
        node.put("heartbeatIntervalSeconds", identity.heartbeatIntervalSeconds());
        write(IDENTITY_FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /**
     * The node's own admin token, made (32 random bytes, base64url) and saved on first use; the same one after a
     * restart, so scripts on the host can keep reading it from the file.
     */
    public String adminToken() throws IOException {
        Optional<String> saved = read(ADMIN_TOKEN_FILE).map(String::strip).filter(t -> !t.isEmpty());
        if (saved.isPresent()) {
            return saved.get();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        write(ADMIN_TOKEN_FILE, token + "\n");
        return token;
    }

    public Optional<String> loadSnapshot() throws IOException {
        return read(SNAPSHOT_FILE);
    }

    public void saveSnapshot(String json) throws IOException {
        saveSnapshot(text(json));
    }

    /**
     * Saves the snapshot {@code json} writes, streamed to the file (a delta's applied snapshot of 100,000 domains is
     * 40 MB: never built as one String); answers the file's size in bytes.
     */
    long saveSnapshot(Content json) throws IOException {
        return write(SNAPSHOT_FILE, json);
    }

    /** What goes into a file, written to a stream the writer must not close. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** {@code content} as a file's content, encoded as it is written rather than copied into one byte array. */
    static Content text(String content) {
        return out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(content);
            writer.flush();
        };
    }

    private Optional<String> read(String name) throws IOException {
        try {
            return Optional.of(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private long write(String name, String content) throws IOException {
        return write(name, text(content));
    }

    private long write(String name, Content content) throws IOException {
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + name, ".tmp", attributes);
        try {
            long size;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER);
                content.writeTo(out);
                out.flush();
                channel.force(true);
                size = channel.size();
            }
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
