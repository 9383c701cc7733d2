package dev.liveplane.media.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The sidecar of one file being written in the spool's active directory: what its report will say, written when the
 * file opens, then a line each time more of the file is whole on disk. A node killed with SIGKILL leaves it behind,
 * and the next start salvages the file up to its last checkpoint ({@link RecordingSalvage}) instead of losing the
 * cycle. Lines are appended without fsync: they outlive the process, not the machine (a finished file is synced).
 */
final class RecordingJournal implements AutoCloseable {

    static final String EXTENSION = ".journal";

    /**
     * What the journal starts with.
     *
     * @param outcome  the report as known at the start (its id already fixed, so a file reported twice, once before a
     *                 crash and once salvaged after it, is one file to the control plane)
     * @param dataFile the file's name in the active directory (FLV, MP4); null for HLS, whose segments are lines
     * @param targetDurationSeconds an HLS playlist's target duration; 0 otherwise
     */
    record Header(RecordingOutcome outcome, KeyTemplate keys, String dataFile, int targetDurationSeconds) {
    }

    /**
     * The file is whole up to {@code bytes} and plays {@code durationMs} from its start; for HLS, one more segment,
     * its own duration, its local file and its key ({@code bytes} then counts every segment so far).
     */
    record Checkpoint(long bytes, long durationMs, String segmentFile, String segmentKey, boolean discontinuity) {
    }

    /** A journal as a killed run left it: the header and every checkpoint written whole. */
    record Left(Path path, Header header, List<Checkpoint> checkpoints) {
    }

    private final Path path;
    private final FileChannel channel;
    private final Header header;

    private RecordingJournal(Path path, FileChannel channel, Header header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
    }

    /**
     * Starts the journal of a file of {@code format} whose data is {@code dataFile} (null for HLS), with a new report
     * id.
     */
    static RecordingJournal open(RecordingFile file, RecordingFormat format, Path dataFile, int targetDurationSeconds)
            throws IOException {
        RecordingOutcome outcome = file.draft().started(format);
        Header header = new Header(outcome, file.keys(), dataFile == null ? null : dataFile.getFileName().toString(),
                targetDurationSeconds);
        Path path = file.active().resolve(UUID.randomUUID() + EXTENSION);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        RecordingJournal journal = new RecordingJournal(path, channel, header);
        try {
            journal.append(header);
        } catch (IOException e) {
            journal.delete();
            throw e;
        }
        return journal;
    }

    RecordingOutcome outcome() {
        return header.outcome();
    }

    /** The data file is whole up to {@code bytes} and plays {@code durationMs}. */
    void checkpoint(long bytes, long durationMs) throws IOException {
        append(new Checkpoint(bytes, durationMs, null, null, false));
    }

    /** One more HLS segment, still at {@code localFile} in the active directory, to be uploaded as {@code key}. */
    void segment(long bytes, long durationMs, Path localFile, String key, boolean discontinuity) throws IOException {
        append(new Checkpoint(bytes, durationMs, localFile.getFileName().toString(), key, discontinuity));
    }

    /** The file is in the outbox: nothing is left to salvage. */
    void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind, it names a data file that is gone (or segments already uploaded): the next start drops it.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Every line was written whole or not at all as far as a reader is concerned (it skips a torn last line).
        }
    }

    private void append(Object line) throws IOException {
        byte[] json = SpoolJson.MAPPER.writeValueAsBytes(line);
        ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Reads a journal a run left; a torn last line (the process died writing it) is ignored. */
    static Left read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path);
        if (lines.isEmpty()) {
            throw new IOException("empty journal");
        }
        Header header = SpoolJson.MAPPER.readValue(lines.get(0), Header.class);
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            try {
                checkpoints.add(SpoolJson.MAPPER.readValue(line, Checkpoint.class));
            } catch (IOException torn) {
                break;
            }
        }
        return new Left(path, header, checkpoints);
    }
}
