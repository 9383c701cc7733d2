package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an AVCDecoderConfigurationRecord (ISO/IEC 14496-15, 5.3.3.1), the body of an AVC sequence header tag, into
 * its profile, level, NAL length size, parameter sets and the picture size its first SPS describes.
 */
public final class AvcDecoderConfigurationRecord {

    private static final int NAL_TYPE_SPS = 7;
    private static final int NAL_TYPE_PPS = 8;

    private final int profileIdc;
    private final int profileCompatibility;
    private final int levelIdc;
    private final int lengthSizeMinusOne;
    private final List<byte[]> sequenceParameterSets;
    private final List<byte[]> pictureParameterSets;
    private final int width;
    private final int height;

    private AvcDecoderConfigurationRecord(int profileIdc, int profileCompatibility, int levelIdc,
            int lengthSizeMinusOne, List<byte[]> sequenceParameterSets, List<byte[]> pictureParameterSets,
            SequenceParameterSet sps) {
        this.profileIdc = profileIdc;
        this.profileCompatibility = profileCompatibility;
        this.levelIdc = levelIdc;
        this.lengthSizeMinusOne = lengthSizeMinusOne;
        this.sequenceParameterSets = sequenceParameterSets;
        this.pictureParameterSets = pictureParameterSets;
        this.width = sps.width();
        this.height = sps.height();
    }

    /**
     * Parses the readable bytes of {@code in} without moving its reader index. The parameter sets are copied, so the
     * record outlives the buffer. Bytes after the PPS list (the High-profile chroma extension) are ignored.
     *
     * @throws FlvFormatException if a length runs past the end, the NAL length size is 3, there is no SPS or PPS, or
     *         the first SPS cannot be parsed
     */
    public static AvcDecoderConfigurationRecord parse(ByteBuf in) {
        Cursor c = new Cursor(in);
        int version = c.u8("configurationVersion");
        if (version != 1) {
            throw new FlvFormatException("AVCDecoderConfigurationRecord version " + version + ", expected 1");
        }
        int profileIdc = c.u8("AVCProfileIndication");
        int profileCompatibility = c.u8("profile_compatibility");
        int levelIdc = c.u8("AVCLevelIndication");
        int lengthSizeMinusOne = c.u8("lengthSizeMinusOne") & 0x03;
        if (lengthSizeMinusOne == 2) {
            // 5.3.3.1.2: only 1, 2 and 4 byte NAL lengths exist.
            throw new FlvFormatException("AVC NAL length size 3 is not allowed");
        }
        int spsCount = c.u8("numOfSequenceParameterSets") & 0x1F;
        List<byte[]> sps = readParameterSets(c, spsCount, NAL_TYPE_SPS, "SPS");
        int ppsCount = c.u8("numOfPictureParameterSets");
        List<byte[]> pps = readParameterSets(c, ppsCount, NAL_TYPE_PPS, "PPS");
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new FlvFormatException("AVCDecoderConfigurationRecord has " + sps.size() + " SPS and "
                    + pps.size() + " PPS; a decoder needs at least one of each");
        }
        return new AvcDecoderConfigurationRecord(profileIdc, profileCompatibility, levelIdc, lengthSizeMinusOne,
                List.copyOf(sps), List.copyOf(pps), SequenceParameterSet.parse(sps.get(0)));
    }

    private static List<byte[]> readParameterSets(Cursor c, int count, int nalType, String name) {
        List<byte[]> sets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = c.u16(name + " length");
            if (length == 0) {
                throw new FlvFormatException("empty " + name + " in AVCDecoderConfigurationRecord");
            }
            byte[] nal = c.bytes(length, name);
            if ((nal[0] & 0x1F) != nalType) {
                throw new FlvFormatException(name + " entry holds NAL unit type " + (nal[0] & 0x1F));
            }
            sets.add(nal);
        }
        return sets;
    }

    /** AVCProfileIndication: 66 Baseline, 77 Main, 100 High, ... */
    public int profileIdc() {
        return profileIdc;
    }

    public int profileCompatibility() {
        return profileCompatibility;
    }

    /** AVCLevelIndication, ten times the level number (31 = level 3.1). */
    public int levelIdc() {
        return levelIdc;
    }

    public int lengthSizeMinusOne() {
        return lengthSizeMinusOne;
    }

    /** Bytes of the length prefix before each NAL unit in the stream's frames: 1, 2 or 4. */
    public int nalLengthSize() {
        return lengthSizeMinusOne + 1;
    }

    /** SPS NAL units with their header byte; the arrays are shared, do not modify them. */
    public List<byte[]> sequenceParameterSets() {
        return sequenceParameterSets;
    }

    /** PPS NAL units with their header byte; the arrays are shared, do not modify them. */
    public List<byte[]> pictureParameterSets() {
        return pictureParameterSets;
    }

    /** Picture width after cropping, from the first SPS. */
    public int width() {
        return width;
    }

    /** Picture height after cropping, from the first SPS. */
    public int height() {
        return height;
    }

    @Override
    public String toString() {
        return "AvcDecoderConfigurationRecord(profile=" + profileIdc + ", level=" + levelIdc + ", " + width + "x"
                + height + ", nalLengthSize=" + nalLengthSize() + ")";
    }

    /** Bounds-checked reading over the readable bytes of a buffer, leaving its indexes alone. */
    private static final class Cursor {
        private final ByteBuf in;
        private final int end;
        private int index;

        Cursor(ByteBuf in) {
            this.in = in;
            this.index = in.readerIndex();
            this.end = in.writerIndex();
        }

        int u8(String field) {
            require(1, field);
            return in.getUnsignedByte(index++);
        }

        int u16(String field) {
            require(2, field);
            int value = in.getUnsignedShort(index);
            index += 2;
            return value;
        }

        byte[] bytes(int length, String field) {
            require(length, field);
            byte[] bytes = new byte[length];
            in.getBytes(index, bytes);
            index += length;
            return bytes;
        }

        private void require(int length, String field) {
            if (end - index < length) {
                throw new FlvFormatException("AVCDecoderConfigurationRecord " + field + " needs " + length
                        + " bytes, " + (end - index) + " left");
            }
        }
    }
}
