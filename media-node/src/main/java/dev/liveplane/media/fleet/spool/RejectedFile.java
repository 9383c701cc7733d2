package dev.liveplane.media.fleet.spool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where records the control plane refused for good are set aside for the operator: one JSON line each (sequence,
 * reason, the record as it was spooled), up to a size cap past which they are only counted and logged.
 */
final class RejectedFile {

    private static final Logger log = LoggerFactory.getLogger(RejectedFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final long maxBytes;
    private boolean fullLogged;

    RejectedFile(Path path, long maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
    }

    Path path() {
        return path;
    }

    void write(long sequence, String reason, byte[] record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("sequence", sequence);
        line.put("reason", reason);
        line.put("record", new String(record, StandardCharsets.UTF_8));
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.exists(path) && Files.size(path) + bytes.length > maxBytes) {
                if (!fullLogged) {
                    fullLogged = true;
                    log.warn("event=rejected_file_full file={} max_bytes={} action=count_only", path, maxBytes);
                }
                return;
            }
            try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(ByteBuffer.wrap(bytes));
                out.force(false);
            }
        } catch (IOException e) {
            log.warn("event=rejected_file_write_failed file={} error=\"{}\"", path, e.toString());
        }
    }
}
