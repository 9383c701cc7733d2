package dev.liveplane.media.protocol.mp4;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a stream's tracks into the init segment of a fragmented MP4 (ISO/IEC 14496-12): {@code ftyp}, then a
 * {@code moov} with no samples of its own, whose {@code mvex} says that movie fragments follow (8.8.1).
 */
public final class Mp4InitSegment {

    private static final int FTYP = Mp4Box.fourCc("ftyp");
    private static final int MOOV = Mp4Box.fourCc("moov");
    private static final int MVHD = Mp4Box.fourCc("mvhd");
    private static final int TRAK = Mp4Box.fourCc("trak");
    private static final int TKHD = Mp4Box.fourCc("tkhd");
    private static final int MDIA = Mp4Box.fourCc("mdia");
    private static final int MDHD = Mp4Box.fourCc("mdhd");
    private static final int HDLR = Mp4Box.fourCc("hdlr");
    private static final int MINF = Mp4Box.fourCc("minf");
    private static final int VMHD = Mp4Box.fourCc("vmhd");
    private static final int SMHD = Mp4Box.fourCc("smhd");
    private static final int DINF = Mp4Box.fourCc("dinf");
    private static final int DREF = Mp4Box.fourCc("dref");
    private static final int URL = Mp4Box.fourCc("url ");
    private static final int STBL = Mp4Box.fourCc("stbl");
    private static final int STSD = Mp4Box.fourCc("stsd");
    private static final int MVEX = Mp4Box.fourCc("mvex");
    private static final int TREX = Mp4Box.fourCc("trex");
    /**
     * Annex E brands iso5 and iso6 cover the fragment features used here (default-base-is-moof, trun version 1
     * for signed composition offsets); ffmpeg's fragmented output lists iso5, iso6 and mp41 too. No cmfc: a CMAF
     * fragment holds one track (ISO/IEC 23000-19), and a recording's fragments hold both.
     */
    private static final List<Integer> BRANDS = List.of(Mp4Box.fourCc("iso6"), Mp4Box.fourCc("iso5"),
            Mp4Box.fourCc("mp41"));
    private static final int AVC1_BRAND = Mp4Box.fourCc("avc1");
    /** The movie's own clock; it times nothing here, since durations are 0 (unknown) while fragments follow. */
    private static final int MOVIE_TIMESCALE = 1000;
    /** ISO 639-2/T "und" in three 5-bit letters, each minus 0x60 (14496-12, 8.4.2.3). */
    private static final int LANGUAGE_UNDETERMINED = ('u' - 0x60) << 10 | ('n' - 0x60) << 5 | ('d' - 0x60);
    /** The identity transformation of mvhd and tkhd (8.2.2.3): a, b, u, c, d, v, x, y, w in 16.16 and 2.30. */
    private static final int[] UNITY_MATRIX = {0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000};
    /** tkhd flags track_enabled | track_in_movie (8.3.2.3). */
    private static final int TRACK_ENABLED_IN_MOVIE = 0x000003;
    /** url flag 1: the media data is in this file (8.7.2.3). */
    private static final int SELF_CONTAINED = 0x000001;

    private Mp4InitSegment() {
    }

    /**
     * Writes {@code ftyp} and {@code moov} for one or two tracks (video, audio or both), in the given order.
     *
     * @throws IllegalArgumentException if there is no track or two share a track_ID
     */
    public static void write(ByteBuf out, List<Mp4Track> tracks) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("an init segment needs at least one track");
        }
        Set<Integer> ids = new HashSet<>();
        int maxId = 0;
        for (Mp4Track track : tracks) {
            if (!ids.add(track.trackId())) {
                throw new IllegalArgumentException("two tracks with track_ID " + track.trackId());
            }
            maxId = Math.max(maxId, track.trackId());
        }
        writeFtyp(out, tracks.stream().anyMatch(t -> t.kind() == Mp4Track.Kind.VIDEO));
        int moov = Mp4Box.begin(out, MOOV);
        writeMvhd(out, maxId + 1);
        for (Mp4Track track : tracks) {
            writeTrak(out, track);
        }
        int mvex = Mp4Box.begin(out, MVEX);
        for (Mp4Track track : tracks) {
            writeTrex(out, track.trackId());
        }
        Mp4Box.end(out, mvex);
        Mp4Box.end(out, moov);
    }

    /** 4.3: major brand, minor_version, compatible brands; avc1 (14496-15) joins them when there is video. */
    private static void writeFtyp(ByteBuf out, boolean video) {
        int start = Mp4Box.begin(out, FTYP);
        out.writeInt(BRANDS.get(0));
        out.writeInt(0); // minor_version
        for (int brand : BRANDS) {
            out.writeInt(brand);
        }
        if (video) {
            out.writeInt(AVC1_BRAND);
        }
        Mp4Box.end(out, start);
    }

    /** 8.2.2, version 0: times 0 (unknown), rate 1.0, volume 1.0. */
    private static void writeMvhd(ByteBuf out, int nextTrackId) {
        int start = Mp4Box.beginFull(out, MVHD, 0, 0);
        out.writeInt(0); // creation_time
        out.writeInt(0); // modification_time
        out.writeInt(MOVIE_TIMESCALE);
        out.writeInt(0); // duration: 8.8.1, the fragments that follow carry it
        out.writeInt(0x0001_0000); // rate 1.0
        out.writeShort(0x0100); // volume 1.0
        out.writeZero(2 + 8); // reserved
        writeMatrix(out);
        out.writeZero(24); // pre_defined
        out.writeInt(nextTrackId);
        Mp4Box.end(out, start);
    }

    private static void writeTrak(ByteBuf out, Mp4Track track) {
        boolean video = track.kind() == Mp4Track.Kind.VIDEO;
        int trak = Mp4Box.begin(out, TRAK);
        writeTkhd(out, track, video);
        int mdia = Mp4Box.begin(out, MDIA);
        writeMdhd(out, track.timescale());
        writeHdlr(out, video);
        int minf = Mp4Box.begin(out, MINF);
        if (video) {
            int vmhd = Mp4Box.beginFull(out, VMHD, 0, 1); // 12.1.2.2: flags 1
            out.writeShort(0); // graphicsmode: copy
            out.writeZero(6); // opcolor
            Mp4Box.end(out, vmhd);
        } else {
            int smhd = Mp4Box.beginFull(out, SMHD, 0, 0);
            out.writeShort(0); // balance: centre
            out.writeShort(0); // reserved
            Mp4Box.end(out, smhd);
        }
        writeDinf(out);
        writeStbl(out, track);
        Mp4Box.end(out, minf);
        Mp4Box.end(out, mdia);
        Mp4Box.end(out, trak);
    }

    /** 8.3.2, version 0; width and height are the display size in 16.16, here the cropped picture size. */
    private static void writeTkhd(ByteBuf out, Mp4Track track, boolean video) {
        int start = Mp4Box.beginFull(out, TKHD, 0, TRACK_ENABLED_IN_MOVIE);
        out.writeInt(0); // creation_time
        out.writeInt(0); // modification_time
        out.writeInt(track.trackId());
        out.writeInt(0); // reserved
        out.writeInt(0); // duration: unknown
        out.writeZero(8); // reserved
        out.writeShort(0); // layer
        out.writeShort(0); // alternate_group
        out.writeShort(video ? 0 : 0x0100); // volume: 1.0 for audio tracks only
        out.writeShort(0); // reserved
        writeMatrix(out);
        out.writeInt(track.width() << 16);
        out.writeInt(track.height() << 16);
        Mp4Box.end(out, start);
    }

    /** 8.4.2, version 0. */
    private static void writeMdhd(ByteBuf out, int timescale) {
        int start = Mp4Box.beginFull(out, MDHD, 0, 0);
        out.writeInt(0); // creation_time
        out.writeInt(0); // modification_time
        out.writeInt(timescale);
        out.writeInt(0); // duration: unknown
        out.writeShort(LANGUAGE_UNDETERMINED); // pad bit 0
        out.writeShort(0); // pre_defined
        Mp4Box.end(out, start);
    }

    /** 8.4.3; the names are ffmpeg's, which some tools show as the track name. */
    private static void writeHdlr(ByteBuf out, boolean video) {
        int start = Mp4Box.beginFull(out, HDLR, 0, 0);
        out.writeInt(0); // pre_defined
        out.writeInt(Mp4Box.fourCc(video ? "vide" : "soun"));
        out.writeZero(12); // reserved
        out.writeBytes((video ? "VideoHandler" : "SoundHandler").getBytes(StandardCharsets.UTF_8));
        out.writeByte(0); // name is null-terminated
        Mp4Box.end(out, start);
    }

    /** 8.7.1 and 8.7.2: one data reference, this file. */
    private static void writeDinf(ByteBuf out) {
        int dinf = Mp4Box.begin(out, DINF);
        int dref = Mp4Box.beginFull(out, DREF, 0, 0);
        out.writeInt(1); // entry_count
        Mp4Box.end(out, Mp4Box.beginFull(out, URL, 0, SELF_CONTAINED));
        Mp4Box.end(out, dref);
        Mp4Box.end(out, dinf);
    }

    /**
     * 8.5.1: the sample description, and the sample tables stbl must hold (stts, stsc, stsz, stco), all empty since
     * every sample lives in a fragment.
     */
    private static void writeStbl(ByteBuf out, Mp4Track track) {
        int stbl = Mp4Box.begin(out, STBL);
        int stsd = Mp4Box.beginFull(out, STSD, 0, 0);
        out.writeInt(1); // entry_count
        SampleEntries.write(out, track);
        Mp4Box.end(out, stsd);
        Mp4Box.writeEmptyFull(out, Mp4Box.fourCc("stts"), 1); // entry_count 0
        Mp4Box.writeEmptyFull(out, Mp4Box.fourCc("stsc"), 1); // entry_count 0
        Mp4Box.writeEmptyFull(out, Mp4Box.fourCc("stsz"), 2); // sample_size 0, sample_count 0
        Mp4Box.writeEmptyFull(out, Mp4Box.fourCc("stco"), 1); // entry_count 0
        Mp4Box.end(out, stbl);
    }

    /**
     * 8.8.3: sample description 1 and no other defaults; every fragment states its own durations, sizes and flags
     * (Mp4Fragment), so the fragments do not depend on this box beyond the description index.
     */
    private static void writeTrex(ByteBuf out, int trackId) {
        int start = Mp4Box.beginFull(out, TREX, 0, 0);
        out.writeInt(trackId);
        out.writeInt(1); // default_sample_description_index
        out.writeInt(0); // default_sample_duration
        out.writeInt(0); // default_sample_size
        out.writeInt(0); // default_sample_flags
        Mp4Box.end(out, start);
    }

    private static void writeMatrix(ByteBuf out) {
        for (int value : UNITY_MATRIX) {
            out.writeInt(value);
        }
    }
}
