package dev.liveplane.media.fleet.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * How one record lies in a spool segment: {@code length (int) | sequence (long) | crc32 (int) | payload}, big-endian,
 * the CRC over the sequence and the payload, so a record cut short by a crash or with a flipped byte is told from a
 * whole one.
 */
final class SpoolFormat {

    static final int HEADER = 4 + 8 + 4;
    /** A length past this is no record of ours: a torn or damaged header. */
    static final int MAX_PAYLOAD = 1 << 20;

    private SpoolFormat() {
    }

    static int frameSize(int payloadLength) {
        return HEADER + payloadLength;
    }

    static ByteBuffer frame(long sequence, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(frameSize(payload.length));
        frame.putInt(payload.length).putLong(sequence).putInt(crc(sequence, payload, 0, payload.length)).put(payload);
        return frame.flip();
    }

    static int crc(long sequence, byte[] payload, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(8).putLong(sequence).flip());
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }
}
