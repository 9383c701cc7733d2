package dev.liveplane.media.protocol.mp4;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Turns the track runs of one movie fragment into its {@code moof} and the header of the {@code mdat} that follows
 * (ISO/IEC 14496-12, 8.8.4 and 8.1.1): the caller appends each run's sample bytes, in run order, right after.
 *
 * <p>Each {@code traf} is self-contained: {@code tfhd} sets default-base-is-moof (8.8.7.1), so a run's data_offset
 * counts from the first byte of this {@code moof} and a fragment can be read, or served as an LL-HLS part, on its
 * own; {@code tfdt} (8.8.12, version 1) gives the 64-bit decode time of the first sample; {@code trun} states every
 * sample's duration and size, so nothing depends on {@code trex} defaults.
 */
public final class Mp4Fragment {

    private static final int MOOF = Mp4Box.fourCc("moof");
    private static final int MFHD = Mp4Box.fourCc("mfhd");
    private static final int TRAF = Mp4Box.fourCc("traf");
    private static final int TFHD = Mp4Box.fourCc("tfhd");
    private static final int TFDT = Mp4Box.fourCc("tfdt");
    private static final int TRUN = Mp4Box.fourCc("trun");
    private static final int MDAT = Mp4Box.fourCc("mdat");
    /** The mdat header the caller's sample bytes follow. */
    public static final int MDAT_HEADER_LENGTH = 8;

    // tfhd_flags (8.8.7.1).
    private static final int TFHD_DEFAULT_SAMPLE_FLAGS_PRESENT = 0x000020;
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    // tr_flags (8.8.8.1).
    private static final int TRUN_DATA_OFFSET_PRESENT = 0x000001;
    private static final int TRUN_SAMPLE_DURATION_PRESENT = 0x000100;
    private static final int TRUN_SAMPLE_SIZE_PRESENT = 0x000200;
    private static final int TRUN_SAMPLE_FLAGS_PRESENT = 0x000400;
    private static final int TRUN_COMPOSITION_OFFSETS_PRESENT = 0x000800;
    /**
     * Sample flags (8.8.3.1): sample_depends_on 2 (depends on no other sample) for a sync sample; sample_depends_on
     * 1 and sample_is_non_sync_sample for the rest. The same values ffmpeg writes, which seeking in players relies on.
     */
    static final int SYNC_SAMPLE_FLAGS = 0x0200_0000;
    static final int NON_SYNC_SAMPLE_FLAGS = 0x0101_0000;

    private Mp4Fragment() {
    }

    /**
     * Writes a {@code moof} with one {@code traf} per run, in order, then the header of an {@code mdat} as long as
     * the runs' samples. A run whose samples are all sync samples states that once in {@code tfhd}; otherwise
     * {@code trun} carries flags per sample. Composition offsets are written only when one is not 0, in a version 0
     * {@code trun} when none is negative (readable by every player) and version 1 otherwise.
     *
     * @param sequenceNumber mfhd sequence_number: 1 for a track's first fragment, then one more each fragment
     *        (8.8.5.3)
     * @throws Mp4MuxException if the fragment would not fit 32-bit box sizes and data offsets; nothing is written
     */
    public static void writeHeader(ByteBuf out, long sequenceNumber, List<Mp4TrackRun> runs) {
        if (sequenceNumber < 1 || sequenceNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sequence_number " + sequenceNumber + " is not within 1..2^32-1");
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs at least one track run");
        }
        int mark = out.writerIndex();
        int moof = Mp4Box.begin(out, MOOF);
        int mfhd = Mp4Box.beginFull(out, MFHD, 0, 0);
        out.writeInt((int) sequenceNumber);
        Mp4Box.end(out, mfhd);
        int[] dataOffsetFields = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            dataOffsetFields[i] = writeTraf(out, runs.get(i));
        }
        Mp4Box.end(out, moof);
        long moofLength = out.writerIndex() - moof;
        long dataOffset = moofLength + MDAT_HEADER_LENGTH;
        long dataLength = 0;
        for (Mp4TrackRun run : runs) {
            dataLength += run.dataLength();
        }
        if (dataOffset + dataLength > Integer.MAX_VALUE) {
            out.writerIndex(mark);
            throw new Mp4MuxException("fragment of " + dataLength + " sample bytes is too large for 32-bit data "
                    + "offsets; cut fragments more often");
        }
        for (int i = 0; i < runs.size(); i++) {
            out.setInt(dataOffsetFields[i], (int) dataOffset);
            dataOffset += runs.get(i).dataLength();
        }
        out.writeInt((int) (MDAT_HEADER_LENGTH + dataLength));
        out.writeInt(MDAT);
    }

    /** Writes one traf and returns where its trun's data_offset goes, which is known once the moof is complete. */
    private static int writeTraf(ByteBuf out, Mp4TrackRun run) {
        List<Mp4Sample> samples = run.samples();
        boolean allSync = true;
        boolean anyOffset = false;
        boolean negativeOffset = false;
        for (Mp4Sample sample : samples) {
            allSync &= sample.sync();
            anyOffset |= sample.compositionOffset() != 0;
            negativeOffset |= sample.compositionOffset() < 0;
        }
        int traf = Mp4Box.begin(out, TRAF);

        int tfhd = Mp4Box.beginFull(out, TFHD, 0,
                TFHD_DEFAULT_BASE_IS_MOOF | (allSync ? TFHD_DEFAULT_SAMPLE_FLAGS_PRESENT : 0));
        out.writeInt(run.trackId());
        if (allSync) {
            out.writeInt(SYNC_SAMPLE_FLAGS); // default_sample_flags
        }
        Mp4Box.end(out, tfhd);

        int tfdt = Mp4Box.beginFull(out, TFDT, 1, 0);
        out.writeLong(run.baseMediaDecodeTime());
        Mp4Box.end(out, tfdt);

        int flags = TRUN_DATA_OFFSET_PRESENT | TRUN_SAMPLE_DURATION_PRESENT | TRUN_SAMPLE_SIZE_PRESENT
                | (allSync ? 0 : TRUN_SAMPLE_FLAGS_PRESENT) | (anyOffset ? TRUN_COMPOSITION_OFFSETS_PRESENT : 0);
        // 8.8.8.2: version 0 offsets are unsigned, version 1 signed.
        int trun = Mp4Box.beginFull(out, TRUN, negativeOffset ? 1 : 0, flags);
        out.writeInt(samples.size());
        int dataOffsetField = out.writerIndex();
        out.writeInt(0); // data_offset, set by writeHeader
        for (Mp4Sample sample : samples) {
            out.writeInt((int) sample.duration());
            out.writeInt(sample.size());
            if (!allSync) {
                out.writeInt(sample.sync() ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS);
            }
            if (anyOffset) {
                out.writeInt(sample.compositionOffset());
            }
        }
        Mp4Box.end(out, trun);
        Mp4Box.end(out, traf);
        return dataOffsetField;
    }
}
