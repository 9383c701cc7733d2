package dev.liveplane.media.protocol.mpegts;

import dev.liveplane.media.protocol.flv.Adts;
import dev.liveplane.media.protocol.flv.AudioSpecificConfig;
import dev.liveplane.media.protocol.flv.AvcDecoderConfigurationRecord;
import dev.liveplane.media.protocol.flv.FlvFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Objects;

/**
 * Turns FLV-style H.264 (AVCC), AAC and MP3 frames into MPEG-TS packets (ISO/IEC 13818-1) for a stream's HLS
 * segments. It holds the continuity counters of every PID, so a stream uses one muxer for all of its segments; it is
 * not thread-safe. Timestamps are in milliseconds and become 90 kHz PTS/DTS. A write that throws has written nothing.
 */
public final class TsMuxer {

    /** Every transport packet is this long; segments are a whole number of them. */
    public static final int PACKET_SIZE = TsPacket.SIZE;
    /** What {@link #writeTables} writes: one PAT and one PMT packet. */
    public static final int TABLES_LENGTH = 2 * PACKET_SIZE;
    /** PIDs as ffmpeg's mpegts muxer assigns them, which players and tooling are used to. */
    public static final int PMT_PID = 0x1000;
    public static final int VIDEO_PID = 0x100;
    public static final int AUDIO_PID = 0x101;

    /**
     * Added to every PTS and DTS but not to the PCR, so each frame is decoded 0.7 s after the clock reaches it: the
     * T-STD buffering delay ffmpeg's mpegts muxer and nginx-rtmp use, which hls.js and Safari are tuned to.
     */
    static final long TIMESTAMP_OFFSET_90K = 63_000;

    private static final int STREAM_ID_VIDEO = 0xE0;
    private static final int STREAM_ID_AUDIO = 0xC0;
    private static final int NAL_TYPE_IDR = 5;
    private static final int NAL_TYPE_SPS = 7;
    private static final int NAL_TYPE_AUD = 9;
    private static final byte[] START_CODE = {0, 0, 0, 1};
    /** access_unit_delimiter_rbsp with primary_pic_type 7 (any slice type), ITU-T H.264 7.3.2.4. */
    private static final byte[] ACCESS_UNIT_DELIMITER = {0, 0, 0, 1, NAL_TYPE_AUD, (byte) 0xF0};
    private static final int PES_HEADER_LENGTH = 9; // start code, stream_id, length, two flag bytes, header length
    private static final int MAX_PES_PACKET_LENGTH = 0xFFFF;

    private final PesPacketizer pes = new PesPacketizer();
    /** Scratch for one ADTS header; a wrapped array, so it needs no release. */
    private final ByteBuf adtsHeader = Unpooled.wrappedBuffer(new byte[Adts.HEADER_LENGTH]);
    private int patContinuity;
    private int pmtContinuity;
    private int videoContinuity;
    private int audioContinuity;
    private int pmtVersion;
    private int lastLayout = -1;

    /**
     * Writes a PAT and a PMT ({@link #TABLES_LENGTH} bytes), which every segment starts with. The PCR is declared on
     * the video PID when there is video, else on the audio PID. A layout that differs from the previous call's gets
     * the next PMT version_number (2.4.4.8).
     *
     * @param audioCodec the audio track's codec; ignored (and may be null) when {@code hasAudio} is false
     */
    public void writeTables(ByteBuf out, boolean hasVideo, boolean hasAudio, AudioCodec audioCodec) {
        if (!hasVideo && !hasAudio) {
            throw new IllegalArgumentException("a program needs a video or an audio track");
        }
        int audioStreamType = hasAudio ? Objects.requireNonNull(audioCodec, "audioCodec").streamType() : 0;
        int layout = (hasVideo ? 0x100 : 0) | audioStreamType;
        if (lastLayout >= 0 && layout != lastLayout) {
            pmtVersion = (pmtVersion + 1) & 0x1F;
        }
        lastLayout = layout;
        ProgramTables.writePat(out, patContinuity, PMT_PID);
        patContinuity = (patContinuity + 1) & 0x0F;
        ProgramTables.writePmt(out, PMT_PID, pmtContinuity, pmtVersion, hasVideo ? VIDEO_PID : AUDIO_PID, VIDEO_PID,
                hasVideo, AUDIO_PID, audioStreamType);
        pmtContinuity = (pmtContinuity + 1) & 0x0F;
    }

    /**
     * Writes one H.264 access unit as a PES on {@link #VIDEO_PID}, with a PCR (the video PID always carries it) and,
     * for keyframes, random_access_indicator. The AVCC NAL units become Annex B (ITU-T H.264, Annex B) behind an
     * access unit delimiter, with the SPS and PPS of {@code cfg} inserted before a keyframe or IDR that lacks them,
     * so every segment decodes on its own. AUDs already in the frame are dropped in favour of that one.
     *
     * @param ctsMs composition time offset: PTS = DTS + ctsMs
     * @param avccNalus length-prefixed NAL units (the FLV video data after the 5-byte AVC header), read from reader
     *        to writer index without being consumed
     * @throws TsMuxException if a NAL length prefix is truncated, zero or runs past the end of the frame
     */
    public void writeVideo(ByteBuf out, long dtsMs, int ctsMs, boolean keyframe, ByteBuf avccNalus,
            AvcDecoderConfigurationRecord cfg) {
        int lengthSize = cfg.nalLengthSize();
        int start = avccNalus.readerIndex();
        int end = avccNalus.writerIndex();
        long payloadLength = ACCESS_UNIT_DELIMITER.length;
        boolean hasIdr = false;
        boolean hasSps = false;
        for (int i = start; i < end; ) {
            int nalLength = nalLength(avccNalus, i, end, lengthSize);
            i += lengthSize;
            int type = avccNalus.getByte(i) & 0x1F;
            hasIdr |= type == NAL_TYPE_IDR;
            hasSps |= type == NAL_TYPE_SPS;
            if (type != NAL_TYPE_AUD) {
                payloadLength += START_CODE.length + nalLength;
            }
            i += nalLength;
        }
        boolean insertParameterSets = (keyframe || hasIdr) && !hasSps;
        if (insertParameterSets) {
            payloadLength += annexBLength(cfg.sequenceParameterSets()) + annexBLength(cfg.pictureParameterSets());
        }
        long dts90k = dtsMs * 90 + TIMESTAMP_OFFSET_90K;
        long pts90k = (dtsMs + ctsMs) * 90 + TIMESTAMP_OFFSET_90K;
        int headerDataLength = pts90k == dts90k ? 5 : 10;
        long pesLength = PES_HEADER_LENGTH + headerDataLength + payloadLength;
        if (pesLength > Integer.MAX_VALUE / 2) {
            throw new TsMuxException("H.264 access unit of " + payloadLength + " bytes is too large");
        }
        // 2.4.3.7: PES_packet_length 0 (unbounded) is allowed only for video in transport streams.
        long packetLength = pesLength - 6;
        pes.begin(out, VIDEO_PID, videoContinuity, (int) pesLength, keyframe, dtsMs * 90);
        writePesHeader(STREAM_ID_VIDEO, packetLength > MAX_PES_PACKET_LENGTH ? 0 : (int) packetLength, pts90k, dts90k);
        pes.writeBytes(ACCESS_UNIT_DELIMITER);
        if (insertParameterSets) {
            writeAnnexB(cfg.sequenceParameterSets());
            writeAnnexB(cfg.pictureParameterSets());
        }
        for (int i = start; i < end; ) {
            int nalLength = nalLength(avccNalus, i, end, lengthSize);
            i += lengthSize;
            if ((avccNalus.getByte(i) & 0x1F) != NAL_TYPE_AUD) {
                pes.writeBytes(START_CODE);
                pes.writeBytes(avccNalus, i, nalLength);
            }
            i += nalLength;
        }
        videoContinuity = pes.end();
    }

    /**
     * Writes one raw AAC frame, behind its ADTS header, as a PES on {@link #AUDIO_PID}.
     *
     * @param rawAac the raw_data_block (FLV audio data after the 2-byte AAC header), not consumed
     * @param carriesPcr true when the segment has no video, so the audio PID carries the PCR and every frame is a
     *        random access point
     * @throws FlvFormatException if ADTS cannot describe {@code cfg} or the frame
     */
    public void writeAac(ByteBuf out, long dtsMs, ByteBuf rawAac, AudioSpecificConfig cfg, boolean carriesPcr) {
        int length = rawAac.readableBytes();
        Adts.writeHeader(adtsHeader.clear(), cfg, length); // validates before anything reaches out
        long pts90k = dtsMs * 90 + TIMESTAMP_OFFSET_90K;
        int pesLength = PES_HEADER_LENGTH + 5 + Adts.HEADER_LENGTH + length;
        pes.begin(out, AUDIO_PID, audioContinuity, pesLength, carriesPcr, carriesPcr ? dtsMs * 90 : -1);
        writePesHeader(STREAM_ID_AUDIO, pesLength - 6, pts90k, pts90k);
        pes.writeBytes(adtsHeader, 0, Adts.HEADER_LENGTH);
        pes.writeBytes(rawAac, rawAac.readerIndex(), length);
        audioContinuity = pes.end();
    }

    /**
     * Writes MP3 data (one or more whole MPEG audio frames, the FLV audio data after its 1-byte header) as a PES on
     * {@link #AUDIO_PID}, unchanged: MPEG audio frames carry their own headers.
     *
     * @param carriesPcr as for {@link #writeAac}
     * @throws TsMuxException if the data does not fit in one audio PES
     */
    public void writeMp3(ByteBuf out, long dtsMs, ByteBuf mp3, boolean carriesPcr) {
        int length = mp3.readableBytes();
        long pts90k = dtsMs * 90 + TIMESTAMP_OFFSET_90K;
        int pesLength = PES_HEADER_LENGTH + 5 + length;
        if (pesLength - 6 > MAX_PES_PACKET_LENGTH) {
            throw new TsMuxException("MP3 data of " + length + " bytes does not fit in one PES");
        }
        pes.begin(out, AUDIO_PID, audioContinuity, pesLength, carriesPcr, carriesPcr ? dtsMs * 90 : -1);
        writePesHeader(STREAM_ID_AUDIO, pesLength - 6, pts90k, pts90k);
        pes.writeBytes(mp3, mp3.readerIndex(), length);
        audioContinuity = pes.end();
    }

    private static int nalLength(ByteBuf avcc, int index, int end, int lengthSize) {
        if (end - index < lengthSize) {
            throw new TsMuxException("H.264 frame ends inside a NAL length prefix");
        }
        long length = switch (lengthSize) {
            case 1 -> avcc.getUnsignedByte(index);
            case 2 -> avcc.getUnsignedShort(index);
            default -> avcc.getUnsignedInt(index);
        };
        int left = end - index - lengthSize;
        if (length == 0 || length > left) {
            throw new TsMuxException("H.264 NAL unit length " + length + " does not fit the " + left
                    + " bytes left in the frame");
        }
        return (int) length;
    }

    private static long annexBLength(List<byte[]> nalUnits) {
        long length = 0;
        for (byte[] nal : nalUnits) {
            length += START_CODE.length + nal.length;
        }
        return length;
    }

    private void writeAnnexB(List<byte[]> nalUnits) {
        for (byte[] nal : nalUnits) {
            pes.writeBytes(START_CODE);
            pes.writeBytes(nal);
        }
    }

    /**
     * PES header (2.4.3.6/2.4.3.7): '10', data_alignment_indicator set since every PES starts an access unit, and
     * PTS alone or PTS and DTS.
     *
     * @param dts90k equal to {@code pts90k} to write the PTS alone
     */
    private void writePesHeader(int streamId, int packetLength, long pts90k, long dts90k) {
        boolean withDts = pts90k != dts90k;
        pes.writeByte(0x00);
        pes.writeShort(0x0001); // packet_start_code_prefix 0x000001
        pes.writeByte(streamId);
        pes.writeShort(packetLength);
        pes.writeByte(0x84);
        pes.writeByte(withDts ? 0xC0 : 0x80); // PTS_DTS_flags
        pes.writeByte(withDts ? 10 : 5); // PES_header_data_length
        writeTimestamp(withDts ? 0x3 : 0x2, pts90k);
        if (withDts) {
            writeTimestamp(0x1, dts90k);
        }
    }

    /** 33-bit timestamp in 5 bytes with marker bits behind a 4-bit prefix: '0010' PTS only, '0011' PTS, '0001' DTS. */
    private void writeTimestamp(int prefix, long ts90k) {
        long ts = ts90k & 0x1FFFFFFFFL;
        pes.writeByte((prefix << 4) | (int) ((ts >>> 29) & 0x0E) | 1);
        pes.writeShort((int) ((ts >>> 14) & 0xFFFE) | 1);
        pes.writeShort((int) ((ts << 1) & 0xFFFE) | 1);
    }
}
