package dev.liveplane.media.protocol.mp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict test-side ISO BMFF reader: checks that boxes tile their parent exactly while it splits muxer output into
 * boxes, so tests can walk paths such as {@code moov/trak/mdia/mdhd} and read fields at the offsets the spec gives.
 */
final class BoxReader {

    private BoxReader() {
    }

    /**
     * A box inside {@code file}. Field offsets are relative to the end of the 8-byte header, so a FullBox's version
     * and flags are at 0 and its first field at 4, as in the spec's syntax tables.
     */
    record Box(String type, byte[] file, int start, int size) {

        int end() {
            return start + size;
        }

        int body() {
            return start + 8;
        }

        int version() {
            return u8(0);
        }

        int flags() {
            return (int) (u32(0) & 0xFFFFFF);
        }

        int u8(int at) {
            return file[body() + at] & 0xFF;
        }

        int u16(int at) {
            return (u8(at) << 8) | u8(at + 1);
        }

        long u32(int at) {
            return ((long) u16(at) << 16) | u16(at + 2);
        }

        int s32(int at) {
            return (int) u32(at);
        }

        long u64(int at) {
            return (u32(at) << 32) | u32(at + 4);
        }

        String fourCc(int at) {
            return new String(file, body() + at, 4, StandardCharsets.US_ASCII);
        }

        /** Bytes from {@code at} to the end of the box. */
        byte[] bytesFrom(int at) {
            return Arrays.copyOfRange(file, body() + at, end());
        }

        /** Child boxes, after the fields that come before them in boxes that have both. */
        List<Box> children() {
            int skip = switch (type) {
                case "stsd", "dref" -> 8; // FullBox header and entry_count
                case "avc1" -> 78; // VisualSampleEntry fields
                case "mp4a" -> 28; // AudioSampleEntry fields
                default -> 0;
            };
            return read(file, body() + skip, end());
        }

        List<String> childTypes() {
            return children().stream().map(Box::type).toList();
        }

        /** The only box of each type along {@code path}, e.g. {@code "mdia/minf/stbl"}. */
        Box child(String path) {
            Box box = this;
            for (String type : path.split("/")) {
                List<Box> matches = box.children().stream().filter(b -> b.type().equals(type)).toList();
                assertThat(matches).as("%s in %s", type, box.type()).hasSize(1);
                box = matches.get(0);
            }
            return box;
        }

        List<Box> all(String type) {
            return children().stream().filter(b -> b.type().equals(type)).toList();
        }
    }

    static List<Box> read(byte[] file) {
        return read(file, 0, file.length);
    }

    /** Reads the readable bytes of {@code buf} without consuming them. */
    static List<Box> read(ByteBuf buf) {
        return read(ByteBufUtil.getBytes(buf));
    }

    private static List<Box> read(byte[] file, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int offset = from;
        while (offset < to) {
            assertThat(to - offset).as("room for a box header at %d", offset).isGreaterThanOrEqualTo(8);
            long size = ((file[offset] & 0xFFL) << 24) | ((file[offset + 1] & 0xFF) << 16)
                    | ((file[offset + 2] & 0xFF) << 8) | (file[offset + 3] & 0xFF);
            String type = new String(file, offset + 4, 4, StandardCharsets.US_ASCII);
            assertThat(size).as("size of %s at %d", type, offset).isBetween(8L, (long) to - offset);
            boxes.add(new Box(type, file, offset, (int) size));
            offset += (int) size;
        }
        return boxes;
    }

    /** A sample as a fragment describes it, with its bytes from the mdat. */
    record Sample(long duration, int size, boolean sync, int compositionOffset, byte[] bytes) {
    }

    record Run(int trackId, long baseMediaDecodeTime, List<Sample> samples) {

        long duration() {
            return samples.stream().mapToLong(Sample::duration).sum();
        }
    }

    /**
     * Reads a whole fragment (moof then mdat) back into its runs, following the tfhd and trun flags Mp4Fragment may
     * set, and checks that the runs' bytes fill the mdat exactly, in order.
     */
    static List<Run> runs(ByteBuf fragment) {
        byte[] file = ByteBufUtil.getBytes(fragment);
        List<Box> boxes = read(file);
        assertThat(boxes).extracting(Box::type).containsExactly("moof", "mdat");
        Box moof = boxes.get(0);
        Box mdat = boxes.get(1);
        List<Run> runs = new ArrayList<>();
        int expectedOffset = mdat.body() - moof.start();
        for (Box traf : moof.all("traf")) {
            Box tfhd = traf.child("tfhd");
            assertThat(tfhd.flags() & 0x020000).as("default-base-is-moof").isNotZero();
            boolean defaultFlags = (tfhd.flags() & 0x000020) != 0;
            Box trun = traf.child("trun");
            int flags = trun.flags();
            int count = trun.s32(4);
            int dataOffset = trun.s32(8);
            assertThat(dataOffset).as("data_offset of track %d", tfhd.u32(4)).isEqualTo(expectedOffset);
            int at = 12;
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long duration = trun.u32(at);
                int size = trun.s32(at + 4);
                at += 8;
                int sampleFlags = defaultFlags ? tfhd.s32(8) : trun.s32(at);
                at += (flags & 0x400) != 0 ? 4 : 0;
                int offset = (flags & 0x800) != 0 ? trun.s32(at) : 0;
                at += (flags & 0x800) != 0 ? 4 : 0;
                byte[] bytes = Arrays.copyOfRange(file, moof.start() + expectedOffset,
                        moof.start() + expectedOffset + size);
                expectedOffset += size;
                samples.add(new Sample(duration, size, (sampleFlags & 0x0001_0000) == 0, offset, bytes));
            }
            runs.add(new Run((int) tfhd.u32(4), traf.child("tfdt").u64(4), samples));
        }
        assertThat(moof.start() + expectedOffset).as("runs fill the mdat").isEqualTo(mdat.end());
        return runs;
    }
}
