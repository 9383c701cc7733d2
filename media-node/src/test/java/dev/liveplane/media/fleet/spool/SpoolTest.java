package dev.liveplane.media.fleet.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's file format: synced records come back in order after a restart, acked segments go, damage is cut. */
class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderAfterARestartAndTheSequenceGoesOn() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            for (int i = 1; i <= 5; i++) {
                spool.append(i, ("record " + i).getBytes(StandardCharsets.UTF_8));
            }
            spool.sync();
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(texts(spool.recovered())).containsExactly("record 1", "record 2", "record 3", "record 4",
                    "record 5");
            assertThat(spool.recovered()).extracting(Spool.Entry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(spool.nextSequence()).isEqualTo(6);
            assertThat(spool.damage()).isEmpty();
        }
    }

    @Test
    void acknowledgedSegmentsAreDeletedWholeAndNotReplayed() throws IOException {
        try (Spool spool = Spool.open(dir, 64)) { // a record or two per segment
            for (int i = 1; i <= 10; i++) {
                spool.append(i, ("record number " + i).getBytes(StandardCharsets.UTF_8));
            }
            spool.sync();
            long before = spool.bytes();
            int segments = segments().size();
            spool.ack(6);
            assertThat(spool.bytes()).isLessThan(before);
            assertThat(segments().size()).isLessThan(segments);
        }
        try (Spool spool = Spool.open(dir, 64)) {
            assertThat(spool.recovered()).extracting(Spool.Entry::sequence).containsExactly(7L, 8L, 9L, 10L);
            spool.ack(10);
            assertThat(segments()).isEmpty();
            assertThat(spool.bytes()).isZero();
        }
        try (Spool spool = Spool.open(dir, 64)) {
            assertThat(spool.recovered()).isEmpty();
            assertThat(spool.nextSequence()).isEqualTo(11); // sequences never go back, even with nothing left
        }
    }

    @Test
    void aTornLastRecordIsCutAndReportedAndTheWholeOnesStillComeBack() throws IOException {
        writeThree();
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 3); // the crash came in the middle of the last write
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(texts(spool.recovered())).containsExactly("alpha", "bravo");
            assertThat(spool.damage()).singleElement().asString().contains("cut short");
            spool.append(spool.nextSequence(), "delta".getBytes(StandardCharsets.UTF_8));
            spool.sync();
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(texts(spool.recovered())).containsExactly("alpha", "bravo", "delta");
            assertThat(spool.damage()).isEmpty(); // cut once, for good
        }
    }

    @Test
    void aFlippedByteFailsTheChecksumAndOnlyTheRecordsBeforeItComeBack() throws IOException {
        writeThree();
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(size - 2);
            int b = file.read();
            file.seek(size - 2);
            file.write(b ^ 0x40);
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(texts(spool.recovered())).containsExactly("alpha", "bravo");
            assertThat(spool.damage()).singleElement().asString().contains("checksum");
        }
    }

    @Test
    void aHeaderWithAnImpossibleLengthIsDamageNotAnAllocation() throws IOException {
        writeThree();
        Path segment = segments().get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(file.length());
            file.writeInt(Integer.MAX_VALUE); // garbage after the last record
            file.writeLong(99);
            file.writeInt(0);
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(texts(spool.recovered())).containsExactly("alpha", "bravo", "charlie");
            assertThat(spool.damage()).singleElement().asString().contains("impossible length");
        }
    }

    private void writeThree() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            spool.append(1, "alpha".getBytes(StandardCharsets.UTF_8));
            spool.append(2, "bravo".getBytes(StandardCharsets.UTF_8));
            spool.append(3, "charlie".getBytes(StandardCharsets.UTF_8));
            spool.sync();
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(Spool.SUFFIX)).sorted().toList();
        }
    }

    private static List<String> texts(List<Spool.Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }
}
