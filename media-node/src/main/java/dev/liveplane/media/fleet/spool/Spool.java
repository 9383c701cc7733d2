package dev.liveplane.media.fleet.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An append-only log of records on local disk, in segment files named by their first sequence number, with a mark
 * file naming the last sequence acknowledged: records are appended, made durable with {@link #sync()}, and a segment
 * is deleted once every record in it is acknowledged. Opening it again (after a restart or a crash) gives back every
 * record not yet acknowledged, in order; a damaged tail (a torn write, a flipped byte) is cut off and reported, and
 * new records always go to a new segment. One thread at a time; {@link #bytes()} may be read from any.
 */
public final class Spool implements Closeable {

    static final String SUFFIX = ".seg";
    static final String ACKED = "acked";

    /** One record: its sequence number and its bytes. */
    public record Entry(long sequence, byte[] payload) {
    }

    /** A segment file: the sequence of its first and last records and its size. */
    private static final class Segment {
        final Path path;
        long last;
        long bytes;

        Segment(Path path, long last, long bytes) {
            this.path = path;
            this.last = last;
            this.bytes = bytes;
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final List<Entry> recovered = new ArrayList<>();
    private final List<String> damage = new ArrayList<>();
    private FileChannel current;
    private Segment currentSegment;
    private long acked;
    private long nextSequence;
    private volatile long bytes;

    private Spool(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens (creating it if need be) the spool in {@code dir}; segments roll over past {@code segmentBytes}. */
    public static Spool open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, segmentBytes);
        spool.recover();
        return spool;
    }

    private void recover() throws IOException {
        Path mark = dir.resolve(ACKED);
        acked = Files.exists(mark) ? Long.parseLong(Files.readString(mark, StandardCharsets.US_ASCII).trim()) : 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        long last = acked;
        for (Path file : files) {
            SpoolSegmentReader.Contents contents = SpoolSegmentReader.read(file);
            if (contents.damaged()) {
                damage.add(file.getFileName() + ": " + contents.damage() + ", "
                        + (contents.fileBytes() - contents.goodBytes()) + " bytes cut");
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(contents.goodBytes());
                    channel.force(true);
                }
            }
            long segmentLast = Long.MIN_VALUE;
            for (Entry entry : contents.entries()) {
                segmentLast = entry.sequence();
                if (entry.sequence() > last) {
                    recovered.add(entry);
                    last = entry.sequence();
                }
            }
            if (segmentLast <= acked) {
                Files.delete(file); // empty, or every record in it acknowledged before the restart
            } else {
                segments.put(firstSequence(file), new Segment(file, segmentLast, contents.goodBytes()));
            }
        }
        nextSequence = last + 1;
        bytes = segments.values().stream().mapToLong(s -> s.bytes).sum();
    }

    private static long firstSequence(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    /** The records found at open that were not acknowledged, in order. */
    public List<Entry> recovered() {
        return List.copyOf(recovered);
    }

    /** What damage was found (and cut off) at open, one line per damaged segment. */
    public List<String> damage() {
        return List.copyOf(damage);
    }

    /** The sequence number the next record should carry: one past every record the spool has seen. */
    public long nextSequence() {
        return nextSequence;
    }

    /** Bytes the spool takes on disk, acknowledged records of segments not yet deleted included. Any thread. */
    public long bytes() {
        return bytes;
    }

    public Path directory() {
        return dir;
    }

    /** Appends one record (not durable before {@link #sync()}); sequences must grow. */
    public void append(long sequence, byte[] payload) throws IOException {
        if (sequence < nextSequence) {
            throw new IllegalArgumentException("sequence " + sequence + " is not after " + (nextSequence - 1));
        }
        if (payload.length > SpoolFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a record of " + payload.length + " bytes is too large");
        }
        if (current == null || currentSegment.bytes >= segmentBytes) {
            roll(sequence);
        }
        var frame = SpoolFormat.frame(sequence, payload);
        int size = frame.remaining();
        while (frame.hasRemaining()) {
            current.write(frame);
        }
        currentSegment.last = sequence;
        currentSegment.bytes += size;
        bytes += size;
        nextSequence = sequence + 1;
    }

    /** Makes every record appended so far durable. */
    public void sync() throws IOException {
        if (current != null) {
            current.force(false);
        }
    }

    /** Every record up to {@code sequence} is acknowledged: notes it durably and deletes the segments it empties. */
    public void ack(long sequence) throws IOException {
        if (sequence <= acked) {
            return;
        }
        acked = sequence;
        Path tmp = dir.resolve(ACKED + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap((sequence + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(ACKED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(ACKED), StandardCopyOption.REPLACE_EXISTING);
        }
        Iterator<Map.Entry<Long, Segment>> it = segments.entrySet().iterator();
        while (it.hasNext()) {
            Segment segment = it.next().getValue();
            if (segment.last > acked) {
                break;
            }
            if (segment == currentSegment) {
                current.close();
                current = null;
                currentSegment = null;
            }
            Files.deleteIfExists(segment.path);
            bytes -= segment.bytes;
            it.remove();
        }
        syncDirectory();
    }

    private void roll(long firstSequence) throws IOException {
        if (current != null) {
            current.force(false);
            current.close();
        }
        Path path = dir.resolve(String.format("%020d%s", firstSequence, SUFFIX));
        current = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentSegment = new Segment(path, firstSequence - 1, 0);
        segments.put(firstSequence, currentSegment);
        syncDirectory(); // the new file's name must survive a crash as its records do
    }

    private void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the records themselves are synced all the same.
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.force(false);
            current.close();
            current = null;
        }
    }
}
