package dev.liveplane.media.protocol.flv;

/**
 * Turns an H.264 seq_parameter_set_rbsp (ITU-T H.264, 7.3.2.1.1) into profile, level and the cropped picture size.
 *
 * @param profileIdc profile_idc
 * @param levelIdc level_idc
 * @param width luma width after frame cropping
 * @param height luma height after frame cropping
 */
record SequenceParameterSet(int profileIdc, int levelIdc, int width, int height) {

    private static final int MAX_DIMENSION = 16_384;

    /**
     * @param nalUnit the NAL unit including its one-byte header
     * @throws FlvFormatException if the SPS is truncated or holds values outside the ranges 7.4.2.1.1 allows
     */
    static SequenceParameterSet parse(byte[] nalUnit) {
        if (nalUnit.length < 4 || (nalUnit[0] & 0x1F) != 7) {
            throw new FlvFormatException("not an SPS NAL unit");
        }
        int profileIdc = nalUnit[1] & 0xFF;
        int levelIdc = nalUnit[3] & 0xFF;
        RbspBitReader r = new RbspBitReader(nalUnit, 4);
        if (r.readUe() > 31) {
            throw new FlvFormatException("seq_parameter_set_id out of range");
        }
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = (int) bounded(r.readUe(), 3, "chroma_format_idc");
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.readFlag();
            }
            bounded(r.readUe(), 6, "bit_depth_luma_minus8");
            bounded(r.readUe(), 6, "bit_depth_chroma_minus8");
            r.readFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.readFlag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.readFlag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        bounded(r.readUe(), 12, "log2_max_frame_num_minus4");
        long picOrderCntType = bounded(r.readUe(), 2, "pic_order_cnt_type");
        if (picOrderCntType == 0) {
            bounded(r.readUe(), 12, "log2_max_pic_order_cnt_lsb_minus4");
        } else if (picOrderCntType == 1) {
            r.readFlag(); // delta_pic_order_always_zero_flag
            r.readSe(); // offset_for_non_ref_pic
            r.readSe(); // offset_for_top_to_bottom_field
            long cycle = bounded(r.readUe(), 255, "num_ref_frames_in_pic_order_cnt_cycle");
            for (long i = 0; i < cycle; i++) {
                r.readSe(); // offset_for_ref_frame[i]
            }
        }
        r.readUe(); // max_num_ref_frames
        r.readFlag(); // gaps_in_frame_num_value_allowed_flag
        long widthInMbs = r.readUe() + 1;
        long heightInMapUnits = r.readUe() + 1;
        boolean frameMbsOnly = r.readFlag();
        if (!frameMbsOnly) {
            r.readFlag(); // mb_adaptive_frame_field_flag
        }
        r.readFlag(); // direct_8x8_inference_flag
        long cropLeft = 0;
        long cropRight = 0;
        long cropTop = 0;
        long cropBottom = 0;
        if (r.readFlag()) { // frame_cropping_flag
            cropLeft = r.readUe();
            cropRight = r.readUe();
            cropTop = r.readUe();
            cropBottom = r.readUe();
        }
        // 7.4.2.1.1, equations 7-19 to 7-22: crop units depend on chroma subsampling and field coding.
        int frameHeightFactor = frameMbsOnly ? 1 : 2;
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int cropUnitX = chromaArrayType == 0 || chromaArrayType == 3 ? 1 : 2;
        int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * frameHeightFactor;
        long width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        long height = heightInMapUnits * 16 * frameHeightFactor - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new FlvFormatException("SPS describes an impossible picture size " + width + "x" + height);
        }
        return new SequenceParameterSet(profileIdc, levelIdc, (int) width, (int) height);
    }

    /** 7.3.2.1.1: profiles that carry chroma_format_idc, bit depths and scaling matrices. */
    private static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** 7.3.2.1.1.1 scaling_list(): only the delta_scale codes matter for getting past it. */
    private static void skipScalingList(RbspBitReader r, int size) {
        long lastScale = 8;
        long nextScale = 8;
        for (int j = 0; j < size && nextScale != 0; j++) {
            long deltaScale = r.readSe();
            nextScale = Math.floorMod(lastScale + deltaScale, 256);
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    private static long bounded(long value, long max, String field) {
        if (value > max) {
            throw new FlvFormatException("SPS " + field + " is " + value + ", at most " + max + " is allowed");
        }
        return value;
    }
}
