package dev.liveplane.media.server.hls;

import dev.liveplane.media.protocol.flv.Adts;
import dev.liveplane.media.protocol.flv.AudioSpecificConfig;
import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.AvcDecoderConfigurationRecord;
import dev.liveplane.media.protocol.flv.FlvFormatException;
import dev.liveplane.media.protocol.flv.VideoTag;
import dev.liveplane.media.protocol.mpegts.AudioCodec;
import dev.liveplane.media.protocol.mpegts.TsMuxException;
import dev.liveplane.media.protocol.mpegts.TsMuxer;
import dev.liveplane.media.server.LogLimiter;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one live stream's frames into MPEG-TS segments, cut at keyframes, for the {@link HlsWindow} players read.
 *
 * <p>{@link #onFrame}, {@link #end} and {@link #release} belong to the stream's event loop. {@link #playlist} and
 * {@link #segment} may be called from any thread (see {@link HlsWindow}). Each frame is copied once into the segment
 * being built; viewers share finished segments by reference count.
 */
public final class HlsSegmenter {

    private static final Logger log = LoggerFactory.getLogger(HlsSegmenter.class);
    private static final int MIN_INITIAL_CAPACITY = 64 * 1024;

    private final String streamName;
    private final HlsSettings settings;
    private final ByteBufAllocator alloc;
    private final TsMuxer muxer = new TsMuxer();
    private final HlsWindow window;

    private AvcDecoderConfigurationRecord avcConfig;
    private AudioSpecificConfig aacConfig;
    private AudioCodec audioCodec;
    private boolean disabled;
    private boolean audioIgnored;
    // A publisher whose every segment is broken would otherwise write a line per segment for as long as it streams.
    private final LogLimiter warnings = LogLimiter.perMinute(2);

    private ByteBuf building;
    private long segmentStartDts;
    private boolean segmentHasVideo;
    private boolean segmentHasAudio;
    private long lastDts; // of the track that cuts segments: video, or audio when the segment has no video
    private long lastDelta;
    private boolean pendingDiscontinuity;

    private int lastLayout = -1;
    private long nextSequence;
    private int lastSegmentBytes;
    private boolean ended;
    private boolean released;

    public HlsSegmenter(String streamName, HlsSettings settings, ByteBufAllocator alloc) {
        this.streamName = streamName;
        this.settings = settings;
        this.alloc = alloc;
        this.window = new HlsWindow(streamName, settings);
    }

    /** A segment's URI relative to the playlist: {@code {stream}/seg-{sequence}.ts}, never a stream's name (cam-1). */
    public String segmentName(long sequence) {
        return window.segmentName(sequence);
    }

    /**
     * Adds a frame. The frame is not retained: its bytes are copied into the segment being built. Video waits for
     * the AVC sequence header and then a keyframe; AAC waits for its sequence header. A frame that cannot be muxed
     * drops the segment being built, and segmenting resumes at the next keyframe.
     */
    public void onFrame(MediaFrame frame) {
        if (released || ended || disabled) {
            return;
        }
        try {
            switch (frame.kind()) {
                case VIDEO -> onVideo(frame);
                case AUDIO -> onAudio(frame);
                case METADATA -> {
                    // HLS segments carry no script data; resolution and codecs come from the sequence headers.
                }
            }
        } catch (FlvFormatException | TsMuxException e) {
            warnOnce("hls segment dropped stream={} reason=\"{}\"", e.getMessage());
            abandonSegment();
        }
    }

    /** Ends the stream: the segment being built is published and the playlist gets EXT-X-ENDLIST. */
    public void end() {
        if (released || ended) {
            return;
        }
        if (building != null) {
            closeSegment(lastDts + lastDelta);
        }
        ended = true;
        window.end();
    }

    /** Whether a segment is published, so {@link #playlist} and {@link #masterPlaylist} answer; any thread. */
    public boolean hasPlaylist() {
        return window.hasPlaylist();
    }

    /**
     * The media playlist, or empty while no segment is published (the caller answers 404).
     *
     * @param querySuffix appended to every segment URI, e.g. {@code "?token=abc"}; empty for none
     */
    public Optional<String> playlist(String querySuffix) {
        return window.playlist(querySuffix);
    }

    /**
     * A master playlist with one variant, the media playlist at {@code mediaPlaylistUri}, or empty while no segment is
     * published. Its BANDWIDTH is the peak bit rate of the segments published so far (RFC 8216 4.3.4.2).
     */
    public Optional<String> masterPlaylist(String mediaPlaylistUri) {
        return window.masterPlaylist(mediaPlaylistUri);
    }

    /**
     * A segment listed in the playlist or retained just beyond it.
     *
     * @return a retained duplicate the caller writes and releases; empty if the segment is unknown or already gone
     */
    public Optional<ByteBuf> segment(long sequence) {
        return window.segment(sequence);
    }

    /** Frees every buffer; the segmenter serves nothing afterwards. Call on the stream's event loop. */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        abandonSegment();
        window.release();
    }

    private void onVideo(MediaFrame frame) {
        ByteBuf payload = frame.payload();
        VideoTag tag = frame.videoTag();
        if (tag.codec() != VideoTag.Codec.AVC) {
            disabled = true;
            log.warn("hls disabled stream={} reason=\"unsupported video codec {}; HLS needs H.264\"", streamName,
                    tag.codec().label());
            abandonSegment();
            return;
        }
        if (tag.frameType() == VideoTag.FrameType.INFO_COMMAND) {
            return;
        }
        ByteBuf data = payload.slice(payload.readerIndex() + tag.dataOffset(),
                payload.readableBytes() - tag.dataOffset());
        switch (tag.packetType()) {
            case SEQUENCE_HEADER -> avcConfig = AvcDecoderConfigurationRecord.parse(data);
            case CODED_FRAMES -> writeVideo(frame.timestamp(), tag, data);
            default -> {
                // End of sequence and enhanced-RTMP metadata change nothing in the segments.
            }
        }
    }

    private void writeVideo(long dts, VideoTag tag, ByteBuf nalus) {
        if (avcConfig == null || !nalus.isReadable()) {
            return;
        }
        boolean keyframe = tag.keyframe();
        if (building != null && !segmentHasVideo) {
            if (!keyframe) {
                return; // video joins an audio-only stream at its first keyframe
            }
            if (nextSequence == 0) {
                abandonSegment(); // the stream's first segment should start with its video
            } else {
                closeSegment(dts);
            }
        } else if (building != null) {
            if (dts < lastDts) {
                closeSegment(lastDts + lastDelta);
                pendingDiscontinuity = true; // timestamps went backwards
            } else if (keyframe && dts - segmentStartDts >= settings.targetDurationMs()) {
                closeSegment(dts);
            }
        }
        if (building == null) {
            if (!keyframe) {
                return;
            }
            openSegment(dts, true);
        }
        advanceClock(dts);
        muxer.writeVideo(building, dts, tag.compositionTimeMs(), keyframe, nalus, avcConfig);
        enforceSizeLimit();
    }

    private void onAudio(MediaFrame frame) {
        ByteBuf payload = frame.payload();
        AudioTag tag = frame.audioTag();
        AudioCodec codec = switch (tag.soundFormat()) {
            case AAC -> AudioCodec.AAC;
            case MP3, MP3_8KHZ -> AudioCodec.MP3;
            default -> null;
        };
        if (codec == null) {
            ignoreAudio("unsupported audio format " + tag.soundFormat());
            return;
        }
        ByteBuf data = payload.slice(payload.readerIndex() + tag.dataOffset(),
                payload.readableBytes() - tag.dataOffset());
        if (tag.aacSequenceHeader()) {
            AudioSpecificConfig config = AudioSpecificConfig.parse(data);
            if (!Adts.canCarry(config)) {
                ignoreAudio("AAC object type " + config.audioObjectType() + " with channel configuration "
                        + config.channelConfiguration() + " cannot be carried in ADTS");
                return;
            }
            aacConfig = config;
            return;
        }
        if (audioIgnored || (codec == AudioCodec.AAC && aacConfig == null) || !data.isReadable()) {
            return;
        }
        audioCodec = codec;
        long dts = frame.timestamp();
        if (building == null) {
            if (avcConfig != null) {
                return; // a stream with video: segments start on its keyframes
            }
            openSegment(dts, false);
        } else if (!segmentHasVideo) {
            if (dts < lastDts) {
                closeSegment(lastDts + lastDelta);
                pendingDiscontinuity = true;
                openSegment(dts, false);
            } else if (dts - segmentStartDts >= settings.targetDurationMs()) {
                closeSegment(dts);
                openSegment(dts, false);
            }
        }
        if (!segmentHasVideo) {
            advanceClock(dts);
        }
        if (codec == AudioCodec.AAC) {
            muxer.writeAac(building, dts, data, aacConfig, !segmentHasVideo);
        } else {
            muxer.writeMp3(building, dts, data, !segmentHasVideo);
        }
        segmentHasAudio = true;
        enforceSizeLimit();
    }

    private void openSegment(long dts, boolean video) {
        int capacity = Math.max(MIN_INITIAL_CAPACITY,
                Math.min(settings.maxSegmentBytes(), lastSegmentBytes + lastSegmentBytes / 8));
        building = alloc.buffer(capacity);
        // PAT and PMT go here when the segment closes: only then is it known which tracks it holds (ffmpeg's FLV
        // muxer, for one, sends the first MP3 frame after the first keyframe).
        building.writeZero(TsMuxer.TABLES_LENGTH);
        segmentStartDts = dts;
        segmentHasVideo = video;
        segmentHasAudio = false;
        lastDts = dts;
    }

    private void advanceClock(long dts) {
        if (dts > lastDts) {
            lastDelta = dts - lastDts;
        }
        lastDts = dts;
    }

    private void closeSegment(long endDts) {
        long durationMs = Math.max(1, endDts - segmentStartDts);
        ByteBuf tables = building.slice(0, TsMuxer.TABLES_LENGTH).writerIndex(0);
        muxer.writeTables(tables, segmentHasVideo, segmentHasAudio, audioCodec);
        int layout = (segmentHasVideo ? 0x100 : 0) | (segmentHasAudio ? audioCodec.streamType() : 0);
        boolean discontinuity = pendingDiscontinuity || (lastLayout >= 0 && layout != lastLayout);
        pendingDiscontinuity = false;
        lastLayout = layout;
        lastSegmentBytes = building.readableBytes();
        ByteBuf data = alloc.compositeBuffer(1).addComponent(true, building);
        building = null;
        window.publish(new HlsSegment(nextSequence++, durationMs, discontinuity, data));
    }



    private void enforceSizeLimit() {
        if (building != null && building.readableBytes() > settings.maxSegmentBytes()) {
            warnOnce("hls segment dropped stream={} reason=\"{}\"", "segment exceeds " + settings.maxSegmentBytes()
                    + " bytes without a keyframe to cut at");
            abandonSegment();
        }
    }

    private void abandonSegment() {
        if (building != null) {
            building.release();
            building = null;
            pendingDiscontinuity = nextSequence > 0;
        }
    }

    private void ignoreAudio(String reason) {
        if (!audioIgnored) {
            audioIgnored = true;
            log.warn("hls audio ignored stream={} reason=\"{}\"", streamName, reason);
        }
    }

    /** Logs a segment's problem a couple of times a minute per stream, with the count left out in between. */
    private void warnOnce(String format, String reason) {
        warnings.warn(log, format, streamName, reason);
    }
}
