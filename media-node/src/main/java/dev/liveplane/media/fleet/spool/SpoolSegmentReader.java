package dev.liveplane.media.fleet.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one segment file back: every whole record up to the first one that is cut short or fails its CRC, and where
 * that was, so the spool can report and cut the damaged tail.
 */
final class SpoolSegmentReader {

    /** What a segment held: its whole records, the bytes they take, and whether a damaged tail followed them. */
    record Contents(List<Spool.Entry> entries, long goodBytes, long fileBytes, String damage) {
        boolean damaged() {
            return damage != null;
        }
    }

    private SpoolSegmentReader() {
    }

    static Contents read(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Spool.Entry> entries = new ArrayList<>();
        String damage = null;
        long previous = Long.MIN_VALUE;
        while (in.remaining() > 0) {
            int start = in.position();
            if (in.remaining() < SpoolFormat.HEADER) {
                damage = "header cut short at byte " + start;
                break;
            }
            int length = in.getInt();
            long sequence = in.getLong();
            int crc = in.getInt();
            if (length < 0 || length > SpoolFormat.MAX_PAYLOAD) {
                damage = "impossible length " + length + " at byte " + start;
                break;
            }
            if (in.remaining() < length) {
                damage = "record cut short at byte " + start + " (" + in.remaining() + " of " + length + " bytes)";
                break;
            }
            if (SpoolFormat.crc(sequence, bytes, in.position(), length) != crc || sequence <= previous) {
                damage = "checksum mismatch at byte " + start;
                break;
            }
            byte[] payload = new byte[length];
            in.get(payload);
            entries.add(new Spool.Entry(sequence, payload));
            previous = sequence;
        }
        long good = damage == null ? bytes.length : positionOfDamage(entries);
        return new Contents(entries, good, bytes.length, damage);
    }

    private static long positionOfDamage(List<Spool.Entry> entries) {
        long bytes = 0;
        for (Spool.Entry entry : entries) {
            bytes += SpoolFormat.frameSize(entry.payload().length);
        }
        return bytes;
    }
}
