package dev.liveplane.media.protocol.mpegts;

import io.netty.buffer.ByteBuf;

/**
 * Turns one PES packet, written to it piece by piece, into 188-byte transport packets (ISO/IEC 13818-1, 2.4.3.2
 * and 2.4.3.4): payload_unit_start on the first, PCR and random_access_indicator in the first one's adaptation
 * field, and adaptation-field stuffing to fill the last. Reused for every PES, so muxing allocates nothing.
 */
final class PesPacketizer {

    private static final int AF_RANDOM_ACCESS = 0x40;
    private static final int AF_PCR = 0x10;
    private static final int PCR_LENGTH = 6;

    private ByteBuf out;
    private int pid;
    private int continuityCounter;
    private int remaining; // PES bytes not yet written
    private int roomInPacket; // payload bytes left in the current transport packet

    /**
     * Starts a PES of {@code pesLength} bytes and writes the first packet's header.
     *
     * @param pcr90k PCR base to put in the first packet, or -1 for none
     */
    void begin(ByteBuf out, int pid, int continuityCounter, int pesLength, boolean randomAccess, long pcr90k) {
        this.out = out;
        this.pid = pid;
        this.continuityCounter = continuityCounter;
        this.remaining = pesLength;
        int firstRoom = TsPacket.PAYLOAD_SIZE - firstAdaptationLength(randomAccess, pcr90k);
        int packets = pesLength <= firstRoom ? 1
                : 1 + (pesLength - firstRoom + TsPacket.PAYLOAD_SIZE - 1) / TsPacket.PAYLOAD_SIZE;
        out.ensureWritable(packets * TsPacket.SIZE);
        startPacket(true, randomAccess, pcr90k);
    }

    /** Finishes the PES and returns the continuity counter the PID's next packet must carry. */
    int end() {
        if (remaining != 0 || roomInPacket != 0) {
            throw new IllegalStateException("PES declared " + remaining + " more bytes than were written");
        }
        out = null;
        return continuityCounter;
    }

    void writeByte(int value) {
        if (roomInPacket == 0) {
            startPacket(false, false, -1);
        }
        out.writeByte(value);
        roomInPacket--;
        remaining--;
    }

    void writeShort(int value) {
        writeByte(value >> 8);
        writeByte(value);
    }

    void writeBytes(byte[] src) {
        int index = 0;
        while (index < src.length) {
            int n = reserve(src.length - index);
            out.writeBytes(src, index, n);
            index += n;
        }
    }

    void writeBytes(ByteBuf src, int index, int length) {
        int end = index + length;
        while (index < end) {
            int n = reserve(end - index);
            out.writeBytes(src, index, n);
            index += n;
        }
    }

    private int reserve(int wanted) {
        if (roomInPacket == 0) {
            startPacket(false, false, -1);
        }
        int n = Math.min(wanted, roomInPacket);
        if (n > remaining) {
            throw new IllegalStateException("PES overflows its declared length");
        }
        roomInPacket -= n;
        remaining -= n;
        return n;
    }

    private static int firstAdaptationLength(boolean randomAccess, long pcr90k) {
        if (!randomAccess && pcr90k < 0) {
            return 0;
        }
        return 2 + (pcr90k >= 0 ? PCR_LENGTH : 0); // adaptation_field_length, flags, optional PCR
    }

    private void startPacket(boolean first, boolean randomAccess, long pcr90k) {
        if (remaining <= 0) {
            throw new IllegalStateException("PES overflows its declared length");
        }
        int adaptationLength = first ? firstAdaptationLength(randomAccess, pcr90k) : 0;
        int room = TsPacket.PAYLOAD_SIZE - adaptationLength;
        if (remaining < room) {
            // 2.4.3.5: the last packet is filled by growing its adaptation field, since PES data cannot be padded.
            adaptationLength += room - remaining;
            room = remaining;
        }
        out.writeByte(TsPacket.SYNC_BYTE);
        out.writeByte((first ? 0x40 : 0) | (pid >> 8)); // payload_unit_start_indicator on the PES's first packet
        out.writeByte(pid & 0xFF);
        out.writeByte((adaptationLength > 0 ? 0x30 : 0x10) | continuityCounter);
        continuityCounter = (continuityCounter + 1) & 0x0F;
        if (adaptationLength > 0) {
            writeAdaptationField(adaptationLength, first && randomAccess, first ? pcr90k : -1);
        }
        roomInPacket = room;
    }

    /** @param length bytes of the whole field, adaptation_field_length byte included */
    private void writeAdaptationField(int length, boolean randomAccess, long pcr90k) {
        out.writeByte(length - 1);
        if (length == 1) {
            return; // a lone adaptation_field_length of 0 is one byte of stuffing
        }
        out.writeByte((randomAccess ? AF_RANDOM_ACCESS : 0) | (pcr90k >= 0 ? AF_PCR : 0));
        int written = 2;
        if (pcr90k >= 0) {
            // program_clock_reference_base (33 bits), reserved '111111', extension 0 (2.4.3.5).
            long base = pcr90k & 0x1FFFFFFFFL;
            out.writeInt((int) (base >>> 1));
            out.writeByte((int) ((base & 1) << 7) | 0x7E);
            out.writeByte(0);
            written += PCR_LENGTH;
        }
        TsPacket.writeStuffing(out, length - written);
    }
}
