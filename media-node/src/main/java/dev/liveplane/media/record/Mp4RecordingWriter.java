package dev.liveplane.media.record;

import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.VideoTag;
import dev.liveplane.media.protocol.mp4.Mp4FragmentBuilder;
import dev.liveplane.media.protocol.mp4.Mp4InitSegment;
import dev.liveplane.media.protocol.mp4.Mp4Track;
import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a stream's H.264 and AAC frames as one fragmented MP4: the init segment, then a fragment per GOP (about a
 * second at a time without video), each appended as soon as it is complete, so the file on disk plays up to its last
 * fragment while it is still being written. A track of another codec is left out of the file.
 */
final class Mp4RecordingWriter implements RecordingWriter {

    /** Without video, fragments are cut on audio frames this far apart. */
    private static final long AUDIO_FRAGMENT_MS = 1_000;

    private final RecordingFile file;
    private final SpoolFile out;
    private final RecordingJournal journal;
    private final Mp4FragmentBuilder builder;
    private final boolean video;
    private final boolean audio;
    private final long baseTimestamp;
    private long lastCut = -1;

    Mp4RecordingWriter(RecordingFile file, CodecConfig config, long baseTimestamp) throws IOException {
        this.file = file;
        this.baseTimestamp = baseTimestamp;
        List<Mp4Track> tracks = new ArrayList<>();
        if (config.video() != null && config.video().videoTag().codec() == VideoTag.Codec.AVC) {
            tracks.add(Mp4Track.avc(body(config.video(), config.video().videoTag().dataOffset())));
        }
        if (config.audio() != null && config.audio().audioTag().soundFormat() == AudioTag.SoundFormat.AAC) {
            tracks.add(Mp4Track.aac(body(config.audio(), config.audio().audioTag().dataOffset())));
        }
        if (tracks.isEmpty()) {
            throw new IOException("MP4 recording needs H.264 video or AAC audio");
        }
        this.video = tracks.stream().anyMatch(t -> t.kind() == Mp4Track.Kind.VIDEO);
        this.audio = tracks.stream().anyMatch(t -> t.kind() == Mp4Track.Kind.AUDIO);
        this.builder = new Mp4FragmentBuilder(tracks, file.alloc());
        this.out = new SpoolFile(file, ".mp4");
        try {
            this.journal = RecordingJournal.open(file, RecordingFormat.MP4, out.path(), 0);
        } catch (IOException | RuntimeException e) {
            builder.release();
            out.close();
            throw e;
        }
        ByteBuf init = file.alloc().buffer(1024);
        try {
            Mp4InitSegment.write(init, tracks);
            write(Optional.of(init), 0);
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    @Override
    public void frame(MediaFrame frame) throws IOException {
        if (frame.kind() == MediaFrame.Kind.VIDEO && video) {
            VideoTag tag = frame.videoTag();
            if (tag.packetType() != VideoTag.PacketType.CODED_FRAMES) {
                return;
            }
            ByteBuf nalus = body(frame, tag.dataOffset());
            if (!nalus.isReadable()) {
                return;
            }
            builder.addVideo(frame.timestamp(), tag.compositionTimeMs(), tag.keyframe(), nalus);
            if (tag.keyframe()) {
                // The fragment ends just before this keyframe, which opens the next one.
                write(builder.cutFragment(), frame.timestamp() - baseTimestamp);
            }
        } else if (frame.kind() == MediaFrame.Kind.AUDIO && audio) {
            AudioTag tag = frame.audioTag();
            ByteBuf aac = body(frame, tag.dataOffset());
            if (tag.aacSequenceHeader() || !aac.isReadable()) {
                return;
            }
            builder.addAudio(frame.timestamp(), aac);
            if (!video && (lastCut < 0 || frame.timestamp() - lastCut >= AUDIO_FRAGMENT_MS)) {
                lastCut = frame.timestamp();
                write(builder.cutFragment(), frame.timestamp() - baseTimestamp);
            }
        }
    }

    @Override
    public long finish(RecordingOutcome.FileEnd end) throws IOException {
        try {
            write(builder.finish(), end.durationMs());
            out.force();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
        builder.release();
        out.close();
        file.submit(out, journal, out.bytes(), end);
        return out.bytes();
    }

    @Override
    public void abandon() {
        builder.release();
        out.close();
        journal.close();
    }

    /** Appends a fragment (or the init segment), after which the file plays {@code durationMs}. */
    private void write(Optional<ByteBuf> fragment, long durationMs) throws IOException {
        if (fragment.isEmpty()) {
            return;
        }
        try {
            out.write(fragment.get());
        } finally {
            fragment.get().release();
        }
        journal.checkpoint(out.bytes(), Math.max(0, durationMs));
    }

    /** The tag body past its header: the codec's own bytes, without moving the shared frame's indices. */
    private static ByteBuf body(MediaFrame frame, int dataOffset) {
        ByteBuf payload = frame.payload();
        return payload.slice(payload.readerIndex() + dataOffset, payload.readableBytes() - dataOffset);
    }
}
