package dev.liveplane.media.protocol.mp4;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Turns box types and contents into ISO/IEC 14496-12 box headers (4.2: 32-bit size, four-character type, and for a
 * FullBox an 8-bit version and 24-bit flags); a box's size is patched in once its contents are written.
 */
final class Mp4Box {

    private Mp4Box() {
    }

    /** A four-character code as the big-endian int it is written as. */
    static int fourCc(String code) {
        byte[] bytes = code.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != 4) {
            throw new IllegalArgumentException("a four-character code needs 4 ASCII characters: " + code);
        }
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF;
    }

    /** Writes a box header with a placeholder size and returns where the box starts, for {@link #end}. */
    static int begin(ByteBuf out, int type) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeInt(type);
        return start;
    }

    /** Writes a FullBox header (4.2.2) and returns where the box starts, for {@link #end}. */
    static int beginFull(ByteBuf out, int type, int version, int flags) {
        int start = begin(out, type);
        out.writeInt(version << 24 | flags);
        return start;
    }

    /** Sets the size of the box that starts at {@code start} to everything written since. */
    static void end(ByteBuf out, int start) {
        out.setInt(start, out.writerIndex() - start);
    }

    /** Writes a box that holds nothing but its FullBox header and a zero entry_count (or other zero fields). */
    static void writeEmptyFull(ByteBuf out, int type, int zeroInts) {
        int start = beginFull(out, type, 0, 0);
        out.writeZero(4 * zeroInts);
        end(out, start);
    }
}
