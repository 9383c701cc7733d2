package dev.liveplane.media.protocol.mpegts;

import io.netty.buffer.ByteBuf;

/** Turns the single-program layout of a segment into PAT and PMT packets (ISO/IEC 13818-1, 2.4.4.3 and 2.4.4.8). */
final class ProgramTables {

    static final int PAT_PID = 0x0000;
    private static final int TRANSPORT_STREAM_ID = 1;
    private static final int PROGRAM_NUMBER = 1;
    private static final int TABLE_ID_PAT = 0x00;
    private static final int TABLE_ID_PMT = 0x02;
    private static final int STREAM_TYPE_H264 = 0x1B;

    private ProgramTables() {
    }

    /** Writes the PAT: program 1 on {@code pmtPid}. */
    static void writePat(ByteBuf out, int continuityCounter, int pmtPid) {
        int sectionStart = beginSection(out, PAT_PID, continuityCounter);
        out.writeByte(TABLE_ID_PAT);
        out.writeShort(sectionLengthField(5 + 4 + 4));
        out.writeShort(TRANSPORT_STREAM_ID);
        out.writeByte(versionByte(0));
        out.writeByte(0); // section_number
        out.writeByte(0); // last_section_number
        out.writeShort(PROGRAM_NUMBER);
        out.writeShort(0xE000 | pmtPid); // reserved '111', program_map_PID
        endSection(out, sectionStart);
    }

    /**
     * Writes the PMT for program 1.
     *
     * @param audioStreamType stream_type of the audio PID, or 0 for none
     */
    static void writePmt(ByteBuf out, int pmtPid, int continuityCounter, int version, int pcrPid, int videoPid,
            boolean video, int audioPid, int audioStreamType) {
        int streams = (video ? 1 : 0) + (audioStreamType != 0 ? 1 : 0);
        int sectionStart = beginSection(out, pmtPid, continuityCounter);
        out.writeByte(TABLE_ID_PMT);
        out.writeShort(sectionLengthField(9 + 5 * streams + 4));
        out.writeShort(PROGRAM_NUMBER);
        out.writeByte(versionByte(version));
        out.writeByte(0); // section_number
        out.writeByte(0); // last_section_number
        out.writeShort(0xE000 | pcrPid); // reserved '111', PCR_PID
        out.writeShort(0xF000); // reserved '1111', program_info_length 0
        if (video) {
            writeStream(out, STREAM_TYPE_H264, videoPid);
        }
        if (audioStreamType != 0) {
            writeStream(out, audioStreamType, audioPid);
        }
        endSection(out, sectionStart);
    }

    private static void writeStream(ByteBuf out, int streamType, int pid) {
        out.writeByte(streamType);
        out.writeShort(0xE000 | pid); // reserved '111', elementary_PID
        out.writeShort(0xF000); // reserved '1111', ES_info_length 0
    }

    /** Packet header with payload_unit_start_indicator and the pointer_field (2.4.4.2); returns the section start. */
    private static int beginSection(ByteBuf out, int pid, int continuityCounter) {
        out.ensureWritable(TsPacket.SIZE);
        out.writeByte(TsPacket.SYNC_BYTE);
        out.writeByte(0x40 | (pid >> 8));
        out.writeByte(pid & 0xFF);
        out.writeByte(0x10 | continuityCounter); // adaptation_field_control '01': payload only
        out.writeByte(0); // pointer_field: the section starts right here
        return out.writerIndex();
    }

    /** section_syntax_indicator 1, '0', reserved '11', then the 12-bit section_length. */
    private static int sectionLengthField(int sectionLength) {
        return 0xB000 | sectionLength;
    }

    /** reserved '11', version_number, current_next_indicator 1. */
    private static int versionByte(int version) {
        return 0xC1 | (version << 1);
    }

    private static void endSection(ByteBuf out, int sectionStart) {
        out.writeInt(Crc32Mpeg2.compute(out, sectionStart, out.writerIndex() - sectionStart));
        int packetEnd = sectionStart - 5 + TsPacket.SIZE;
        // 2.4.4: bytes after the last section are stuffing 0xFF.
        TsPacket.writeStuffing(out, packetEnd - out.writerIndex());
    }
}
