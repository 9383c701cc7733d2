package dev.liveplane.media.protocol.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict test-side MPEG-TS reader: checks sync bytes, continuity counters and adaptation fields while it splits
 * muxer output back into packets and PES packets, so tests can assert on decoded values rather than offsets.
 */
final class TsReader {

    record Packet(int pid, boolean unitStart, int continuityCounter, boolean randomAccess, long pcr,
            int adaptationLength, byte[] payload) {
    }

    record Pes(int pid, int streamId, int packetLength, boolean dataAligned, long pts, long dts, boolean randomAccess,
            long pcr, byte[] data) {
    }

    private final Map<Integer, Integer> nextContinuity = new HashMap<>();

    /** Parses whole packets and checks every PID's continuity counter continues from the previous call. */
    List<Packet> packets(ByteBuf ts) {
        assertThat(ts.readableBytes() % 188).as("whole 188-byte packets").isZero();
        List<Packet> packets = new ArrayList<>();
        for (int i = ts.readerIndex(); i < ts.writerIndex(); i += 188) {
            assertThat((int) ts.getUnsignedByte(i)).as("sync byte at %d", i).isEqualTo(0x47);
            int pid = ts.getUnsignedShort(i + 1) & 0x1FFF;
            boolean unitStart = (ts.getByte(i + 1) & 0x40) != 0;
            int control = (ts.getUnsignedByte(i + 3) >> 4) & 0x03;
            int cc = ts.getUnsignedByte(i + 3) & 0x0F;
            Integer expected = nextContinuity.get(pid);
            if (expected != null) {
                assertThat(cc).as("continuity counter of PID 0x%x", pid).isEqualTo(expected);
            }
            nextContinuity.put(pid, (cc + 1) & 0x0F);
            int offset = 4;
            boolean randomAccess = false;
            long pcr = -1;
            int adaptationLength = 0;
            if ((control & 0x02) != 0) {
                int length = ts.getUnsignedByte(i + 4);
                adaptationLength = length + 1;
                if (length > 0) {
                    int flags = ts.getUnsignedByte(i + 5);
                    randomAccess = (flags & 0x40) != 0;
                    int used = 1;
                    if ((flags & 0x10) != 0) {
                        pcr = (ts.getUnsignedInt(i + 6) << 1) | (ts.getUnsignedByte(i + 10) >> 7);
                        assertThat(ts.getUnsignedByte(i + 10) & 0x7E).as("PCR reserved bits").isEqualTo(0x7E);
                        used += 6;
                    }
                    for (int s = i + 5 + used; s < i + 5 + length; s++) {
                        assertThat((int) ts.getUnsignedByte(s)).as("stuffing byte").isEqualTo(0xFF);
                    }
                }
                offset += adaptationLength;
            }
            assertThat(control & 0x01).as("every packet carries payload").isEqualTo(1);
            packets.add(new Packet(pid, unitStart, cc, randomAccess, pcr, adaptationLength,
                    ByteBufUtil.getBytes(ts, i + offset, 188 - offset)));
        }
        return packets;
    }

    /** Reassembles the PES packets of {@code pid}. */
    static List<Pes> pes(List<Packet> packets, int pid) {
        List<Pes> result = new ArrayList<>();
        ByteArrayOutputStream current = null;
        Packet first = null;
        for (Packet packet : packets) {
            if (packet.pid() != pid) {
                continue;
            }
            if (packet.unitStart()) {
                if (current != null) {
                    result.add(decode(first, current.toByteArray()));
                }
                current = new ByteArrayOutputStream();
                first = packet;
            }
            assertThat(current).as("payload before the first unit start").isNotNull();
            current.writeBytes(packet.payload());
        }
        if (current != null) {
            result.add(decode(first, current.toByteArray()));
        }
        return result;
    }

    private static Pes decode(Packet first, byte[] b) {
        assertThat(ByteBufUtil.hexDump(b, 0, 3)).as("packet_start_code_prefix").isEqualTo("000001");
        int streamId = b[3] & 0xFF;
        int packetLength = ((b[4] & 0xFF) << 8) | (b[5] & 0xFF);
        assertThat(b[6] & 0xC0).as("'10' marker").isEqualTo(0x80);
        boolean aligned = (b[6] & 0x04) != 0;
        int ptsDtsFlags = (b[7] & 0xC0) >> 6;
        int headerLength = b[8] & 0xFF;
        long pts = ptsDtsFlags >= 2 ? timestamp(b, 9, ptsDtsFlags == 3 ? 0x3 : 0x2) : -1;
        long dts = ptsDtsFlags == 3 ? timestamp(b, 14, 0x1) : pts;
        byte[] data = Arrays.copyOfRange(b, 9 + headerLength, b.length);
        if (packetLength != 0) {
            assertThat(b.length - 6).as("PES_packet_length").isEqualTo(packetLength);
        }
        return new Pes(first.pid(), streamId, packetLength, aligned, pts, dts, first.randomAccess(), first.pcr(),
                data);
    }

    /** 2.4.3.7: 4-bit prefix, then 33 bits in three parts, each followed by a marker bit. */
    static long timestamp(byte[] b, int offset, int prefix) {
        assertThat((b[offset] & 0xF0) >> 4).as("timestamp prefix").isEqualTo(prefix);
        assertThat(b[offset] & 1).as("marker").isEqualTo(1);
        assertThat(b[offset + 2] & 1).as("marker").isEqualTo(1);
        assertThat(b[offset + 4] & 1).as("marker").isEqualTo(1);
        return ((long) (b[offset] & 0x0E) << 29) | ((long) (b[offset + 1] & 0xFF) << 22)
                | ((long) (b[offset + 2] & 0xFE) << 14) | ((long) (b[offset + 3] & 0xFF) << 7)
                | ((b[offset + 4] & 0xFE) >> 1);
    }
}
