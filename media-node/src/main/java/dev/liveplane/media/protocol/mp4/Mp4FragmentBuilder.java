package dev.liveplane.media.protocol.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stream's H.264 and AAC frames, with millisecond timestamps, into numbered movie fragments (moof + mdat)
 * whose decode times run on from one fragment to the next, for the init segment {@link Mp4InitSegment} writes for
 * the same tracks.
 *
 * <p>A sample lasts until the next sample of its track, so each track's latest frame waits for its successor: a
 * fragment holds every frame but those. Call {@link #cutFragment} right after adding a video keyframe and the
 * fragment ends just before it, so the next one starts on it. {@link #finish} writes everything, giving each
 * track's last sample the duration of the one before. Decode times count from the earliest frame of the first
 * fragment, so a file starts at 0 whatever the stream's clock said.
 *
 * <p>Frames are copied in; output buffers belong to the caller. It is not thread-safe; {@link #release} frees what
 * is pending.
 */
public final class Mp4FragmentBuilder {

    private final ByteBufAllocator alloc;
    private final List<PendingTrack> tracks = new ArrayList<>(2);
    private final PendingTrack video;
    private final PendingTrack audio;
    private long originMs = Long.MIN_VALUE; // set by the first fragment
    private long sequenceNumber = 1;
    private boolean released;

    /**
     * @param tracks the tracks of the init segment, in the same order: one video track, one audio track or both
     * @throws IllegalArgumentException if there is no track or two of one kind
     */
    public Mp4FragmentBuilder(List<Mp4Track> tracks, ByteBufAllocator alloc) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a fragmented MP4 needs at least one track");
        }
        this.alloc = alloc;
        for (Mp4Track track : tracks) {
            this.tracks.add(new PendingTrack(track, alloc));
        }
        this.video = only(Mp4Track.Kind.VIDEO);
        this.audio = only(Mp4Track.Kind.AUDIO);
    }

    /**
     * Copies an H.264 access unit in as the video track's next sample.
     *
     * @param avccNalus length-prefixed NAL units (the FLV video data after the 5-byte AVC header), carried verbatim
     *        as avc1 samples are (ISO/IEC 14496-15); read without being consumed
     * @param compositionTimeMs PTS minus DTS
     * @param keyframe an IDR access unit, where decoding and seeking can start
     * @throws Mp4MuxException if the frame is empty or its timestamps cannot follow the track's previous frame;
     *         nothing is added
     * @throws IllegalStateException if there is no video track
     */
    public void addVideo(long dtsMs, int compositionTimeMs, boolean keyframe, ByteBuf avccNalus) {
        add(require(video, "video"), dtsMs, compositionTimeMs, keyframe, avccNalus);
    }

    /**
     * Copies a raw AAC frame (the FLV audio data after the 2-byte AAC header) in as the audio track's next sample.
     *
     * @throws Mp4MuxException if the frame is empty or its timestamp cannot follow the track's previous frame;
     *         nothing is added
     * @throws IllegalStateException if there is no audio track
     */
    public void addAudio(long dtsMs, ByteBuf rawAac) {
        add(require(audio, "audio"), dtsMs, 0, true, rawAac);
    }

    /**
     * Writes a fragment of every sample whose duration is known: all but each track's latest.
     *
     * @return moof and mdat, for the caller to write and release; empty when no sample is ready
     * @throws Mp4MuxException if the fragment is too large for 32-bit offsets; the samples stay pending
     */
    public Optional<ByteBuf> cutFragment() {
        return emit(false);
    }

    /**
     * Writes a fragment of every pending sample, each track's last one lasting as long as the one before it (or,
     * for a track's only sample, an AAC frame or a 30 fps frame). Frames may still be added afterwards.
     *
     * @return moof and mdat, for the caller to write and release; empty when nothing is pending
     */
    public Optional<ByteBuf> finish() {
        return emit(true);
    }

    /** Bytes of samples not yet written, for a caller that caps how much a stream without keyframes may hold. */
    public int pendingBytes() {
        int bytes = 0;
        for (PendingTrack track : tracks) {
            bytes += track.pendingBytes();
        }
        return bytes;
    }

    /** The mfhd sequence_number the next fragment will carry: 1 for the first. */
    public long nextSequenceNumber() {
        return sequenceNumber;
    }

    /** Frees the pending samples; the builder takes no more frames. */
    public void release() {
        released = true;
        tracks.forEach(PendingTrack::release);
    }

    private PendingTrack only(Mp4Track.Kind kind) {
        List<PendingTrack> matches = tracks.stream().filter(t -> t.track().kind() == kind).toList();
        if (matches.size() > 1) {
            throw new IllegalArgumentException("two " + kind + " tracks");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    private PendingTrack require(PendingTrack track, String kind) {
        if (released) {
            throw new IllegalStateException("the builder is released");
        }
        if (track == null) {
            throw new IllegalStateException("the builder has no " + kind + " track");
        }
        return track;
    }

    private void add(PendingTrack track, long dtsMs, int compositionTimeMs, boolean sync, ByteBuf frame) {
        if (originMs != Long.MIN_VALUE && dtsMs < originMs) {
            // A track that joins late must not start before the file does: tfdt is unsigned.
            throw new Mp4MuxException(track.kind() + " decode time " + dtsMs + " ms is before the file's start at "
                    + originMs + " ms");
        }
        track.add(dtsMs, compositionTimeMs, sync, frame);
    }

    private Optional<ByteBuf> emit(boolean all) {
        if (released) {
            throw new IllegalStateException("the builder is released");
        }
        long origin = originMs;
        if (origin == Long.MIN_VALUE) {
            origin = tracks.stream().filter(t -> !t.isEmpty()).mapToLong(PendingTrack::firstDtsMs).min()
                    .orElse(Long.MIN_VALUE);
        }
        List<PendingTrack> emitting = new ArrayList<>(tracks.size());
        List<Mp4TrackRun> runs = new ArrayList<>(tracks.size());
        for (PendingTrack track : tracks) {
            Mp4TrackRun run = track.isEmpty() ? null : track.run(origin, all);
            if (run != null) {
                emitting.add(track);
                runs.add(run);
            }
        }
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        int samples = runs.stream().mapToInt(r -> r.samples().size()).sum();
        ByteBuf header = alloc.buffer(128 + 16 * samples); // boxes, plus at most 16 trun bytes a sample
        try {
            Mp4Fragment.writeHeader(header, sequenceNumber, runs);
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
        CompositeByteBuf fragment = alloc.compositeBuffer(1 + runs.size());
        fragment.addComponent(true, header);
        for (int i = 0; i < runs.size(); i++) {
            fragment.addComponent(true, emitting.get(i).take(runs.get(i)));
        }
        originMs = origin;
        sequenceNumber++;
        return Optional.of(fragment);
    }
}
