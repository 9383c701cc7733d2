package dev.liveplane.media.protocol.mpegts;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** Transport packet constants (ISO/IEC 13818-1, 2.4.3.2) and the 0xFF stuffing both PSI and PES packets end with. */
final class TsPacket {

    static final int SIZE = 188;
    static final int HEADER_SIZE = 4;
    static final int PAYLOAD_SIZE = SIZE - HEADER_SIZE;
    static final int SYNC_BYTE = 0x47;

    private static final byte[] STUFFING = new byte[SIZE];

    static {
        Arrays.fill(STUFFING, (byte) 0xFF);
    }

    private TsPacket() {
    }

    static void writeStuffing(ByteBuf out, int count) {
        out.writeBytes(STUFFING, 0, count);
    }
}
