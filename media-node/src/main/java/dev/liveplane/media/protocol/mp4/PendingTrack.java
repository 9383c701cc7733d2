package dev.liveplane.media.protocol.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one track's frames, as they arrive, into the sample bytes and timing of its next track run: a sample's
 * duration is the distance to the next sample's decode time, so each sample waits for its successor.
 */
final class PendingTrack {

    private static final int MIN_CAPACITY = 16 * 1024;

    private record Pending(long dtsMs, int compositionOffset, boolean sync, int size) {
    }

    private final Mp4Track track;
    private final ByteBufAllocator alloc;
    private final List<Pending> samples = new ArrayList<>();
    private ByteBuf data; // the pending samples' bytes, in order; null while there are none
    private long lastDtsMs = Long.MIN_VALUE;
    private long lastDuration = -1; // ticks of the latest sample whose duration is known

    PendingTrack(Mp4Track track, ByteBufAllocator alloc) {
        this.track = track;
        this.alloc = alloc;
    }

    Mp4Track track() {
        return track;
    }

    /** "video" or "audio", for messages. */
    String kind() {
        return track.kind().name().toLowerCase(Locale.ROOT);
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    long firstDtsMs() {
        return samples.get(0).dtsMs();
    }

    int pendingBytes() {
        return data == null ? 0 : data.readableBytes();
    }

    /**
     * Copies a frame's readable bytes in as the track's next sample.
     *
     * @throws Mp4MuxException if the frame is empty, its decode time is before the previous sample's or too far
     *         after it for a 32-bit duration, or its composition offset does not fit 32 bits; nothing is added
     */
    void add(long dtsMs, int compositionTimeMs, boolean sync, ByteBuf frame) {
        String kind = kind();
        int size = frame.readableBytes();
        if (size == 0) {
            throw new Mp4MuxException("empty " + kind + " frame at " + dtsMs + " ms");
        }
        if (lastDtsMs != Long.MIN_VALUE) {
            if (dtsMs < lastDtsMs) {
                throw new Mp4MuxException(kind + " decode time " + dtsMs + " ms is before the previous frame's "
                        + lastDtsMs + " ms; timestamps that go back need a new file");
            }
            // A tick to spare: durations are rounded from the file's start, which may move this one by a tick.
            if (track.ticks(dtsMs) - track.ticks(lastDtsMs) >= 0xFFFF_FFFFL) {
                throw new Mp4MuxException(kind + " decode time jumps from " + lastDtsMs + " to " + dtsMs
                        + " ms, beyond a 32-bit sample duration; timestamps that jump need a new file");
            }
        }
        long offset = track.ticks(compositionTimeMs);
        if (offset != (int) offset) {
            throw new Mp4MuxException(kind + " composition time " + compositionTimeMs + " ms does not fit 32 bits");
        }
        if (data == null) {
            data = alloc.buffer(Math.max(MIN_CAPACITY, size));
        }
        data.writeBytes(frame, frame.readerIndex(), size);
        samples.add(new Pending(dtsMs, (int) offset, sync, size));
        lastDtsMs = dtsMs;
    }

    /**
     * The run of the samples whose durations are known: all but the latest, or with {@code all} every one, the last
     * lasting as long as the sample before it. Null when there is none. Decode times count from {@code originMs}.
     */
    Mp4TrackRun run(long originMs, boolean all) {
        int count = all ? samples.size() : samples.size() - 1;
        if (count <= 0) {
            return null;
        }
        List<Mp4Sample> run = new ArrayList<>(count);
        long duration = lastDuration;
        for (int i = 0; i < count; i++) {
            Pending sample = samples.get(i);
            if (i + 1 < samples.size()) {
                // Differences of rounded absolute times: per-sample error under a tick, none accumulated.
                duration = track.ticks(samples.get(i + 1).dtsMs() - originMs) - track.ticks(sample.dtsMs() - originMs);
            } else if (duration < 0) {
                duration = track.defaultSampleDuration();
            }
            run.add(new Mp4Sample(sample.size(), duration, sample.compositionOffset(), sample.sync()));
        }
        return new Mp4TrackRun(track.trackId(), track.ticks(firstDtsMs() - originMs), run);
    }

    /**
     * Hands over the bytes of the first {@code run}'s samples as a buffer the caller releases, and forgets them; the
     * sample left waiting moves to a buffer of its own.
     */
    ByteBuf take(Mp4TrackRun run) {
        int count = run.samples().size();
        lastDuration = run.samples().get(count - 1).duration();
        int length = (int) run.dataLength();
        ByteBuf taken = data.retainedSlice(data.readerIndex(), length);
        ByteBuf old = data;
        data = null;
        if (count < samples.size()) {
            int left = old.readableBytes() - length;
            data = alloc.buffer(Math.max(MIN_CAPACITY, left));
            data.writeBytes(old, old.readerIndex() + length, left);
        }
        old.release();
        samples.subList(0, count).clear();
        return taken;
    }

    void release() {
        if (data != null) {
            data.release();
            data = null;
        }
        samples.clear();
    }
}
