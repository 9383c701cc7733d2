package dev.liveplane.media.protocol.mpegts;

import io.netty.buffer.ByteBuf;

/**
 * Turns PSI section bytes into the CRC_32 that ends the section (ISO/IEC 13818-1, Annex A: polynomial 0x04C11DB7,
 * MSB first, initial value 0xFFFFFFFF, no final XOR).
 */
final class Crc32Mpeg2 {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc32Mpeg2() {
    }

    static int compute(ByteBuf buf, int index, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = index; i < index + length; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ buf.getUnsignedByte(i)) & 0xFF];
        }
        return crc;
    }
}
