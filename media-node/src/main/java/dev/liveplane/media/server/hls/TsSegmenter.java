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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one stream's frames into MPEG-TS segments, cut at keyframes, handed to whoever publishes them: the live
 * {@link HlsWindow} players read, or a recorder's files.
 *
 * <p>Every call belongs to one thread at a time (the stream's event loop, or a recorder's executor). Each frame is
 * copied once into the segment being built.
 */
public final class TsSegmenter {

    private static final Logger log = LoggerFactory.getLogger(TsSegmenter.class);
    private static final int MIN_INITIAL_CAPACITY = 64 * 1024;

    private final String streamName;
    private final HlsSettings settings;
    private final ByteBufAllocator alloc;
    private final TsMuxer muxer = new TsMuxer();
    private final Consumer<HlsSegment> published;

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

    /**
     * @param published takes each finished segment, and with it the segment's one reference (its {@code data}),
     *        on the thread that fed the frame that finished it
     */
    public TsSegmenter(String streamName, HlsSettings settings, ByteBufAllocator alloc,
            Consumer<HlsSegment> published) {
        this.streamName = streamName;
        this.settings = settings;
        this.alloc = alloc;
        this.published = published;
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

    /** Ends the stream: the segment being built is published; later frames are ignored. */
    public void end() {
        if (released || ended) {
            return;
        }
        if (building != null) {
            closeSegment(lastDts + lastDelta);
        }
        ended = true;
    }

    /** Frees the segment being built; the segmenter publishes nothing afterwards. */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        abandonSegment();
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
        published.accept(new HlsSegment(nextSequence++, durationMs, discontinuity, data));
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
