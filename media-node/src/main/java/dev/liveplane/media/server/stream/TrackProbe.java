package dev.liveplane.media.server.stream;

import dev.liveplane.media.protocol.flv.AudioSpecificConfig;
import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.AvcDecoderConfigurationRecord;
import dev.liveplane.media.protocol.flv.FlvFormatException;
import dev.liveplane.media.protocol.flv.VideoTag;
import dev.liveplane.media.server.stream.PublishedStream.AudioTrack;
import dev.liveplane.media.server.stream.PublishedStream.VideoTrack;
import io.netty.buffer.ByteBuf;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a publisher's first frames and {@code onMetaData} into the codec names, picture size, frame rate and audio
 * format of its tracks, for the publish event. Owned by the stream's event loop; it stops looking once the stream
 * has been announced.
 */
public final class TrackProbe {

    private static final int[] MP3_RATES = {5512, 11025, 22050, 44100};

    private Map<?, ?> metadata;
    private VideoTrack video;
    private AudioTrack audio;
    private long firstVideoTimestamp = -1;
    private long lastVideoTimestamp = -1;
    private int videoFrames;

    void onMetadata(Map<?, ?> properties) {
        metadata = properties;
    }

    /** Looks at one frame; cheap once both tracks are known. */
    public void onFrame(MediaFrame frame) {
        try {
            if (frame.kind() == MediaFrame.Kind.VIDEO) {
                if (frame.sequenceHeader() || video == null) {
                    probeVideo(frame.payload(), frame.videoTag(), frame.sequenceHeader());
                }
                if (!frame.sequenceHeader()) {
                    if (firstVideoTimestamp < 0) {
                        firstVideoTimestamp = frame.timestamp();
                    }
                    lastVideoTimestamp = frame.timestamp();
                    videoFrames++;
                }
            } else if (frame.kind() == MediaFrame.Kind.AUDIO && (audio == null || frame.sequenceHeader())) {
                probeAudio(frame.payload(), frame.audioTag(), frame.sequenceHeader());
            }
        } catch (FlvFormatException | IndexOutOfBoundsException e) {
            // An odd header only costs the event its details; the stream itself carries on.
        }
    }

    private void probeVideo(ByteBuf payload, VideoTag tag, boolean sequenceHeader) {
        Integer width = null;
        Integer height = null;
        if (sequenceHeader && tag.codec() == VideoTag.Codec.AVC) {
            AvcDecoderConfigurationRecord record = AvcDecoderConfigurationRecord.parse(
                    payload.slice(payload.readerIndex() + tag.dataOffset(),
                            payload.readableBytes() - tag.dataOffset()));
            width = record.width();
            height = record.height();
        }
        if (video == null || width != null) {
            video = new VideoTrack(codecName(tag.codec()), width, height, null);
        }
    }

    private void probeAudio(ByteBuf payload, AudioTag tag, boolean sequenceHeader) {
        if (tag.soundFormat() == AudioTag.SoundFormat.AAC) {
            if (sequenceHeader) {
                AudioSpecificConfig config = AudioSpecificConfig.parse(payload.slice(
                        payload.readerIndex() + tag.dataOffset(), payload.readableBytes() - tag.dataOffset()));
                audio = new AudioTrack("aac", config.samplingFrequency(),
                        config.channelConfiguration() == 0 ? null : config.channelConfiguration());
            }
            return;
        }
        int rate = tag.soundFormat() == AudioTag.SoundFormat.MP3_8KHZ ? 8000 : MP3_RATES[tag.soundRate()];
        audio = new AudioTrack(audioCodecName(tag.soundFormat(), tag.sixteenBit()), rate, tag.stereo() ? 2 : 1);
    }

    /** True once every track the metadata declares (both, without metadata) has been seen. */
    boolean complete(TrackInfo declared) {
        boolean wantVideo = declared == null || declared.hasVideo();
        boolean wantAudio = declared == null || declared.hasAudio();
        return (!wantVideo || (video != null && video.width() != null)) && (!wantAudio || audio != null);
    }

    /** The video track seen so far, or null. */
    public VideoTrack video() {
        if (video == null) {
            return null;
        }
        Integer width = video.width() != null ? video.width() : metadataInt("width");
        Integer height = video.height() != null ? video.height() : metadataInt("height");
        Double frameRate = metadataNumber("framerate");
        if (frameRate == null && videoFrames > 1 && lastVideoTimestamp > firstVideoTimestamp) {
            frameRate = Math.round((videoFrames - 1) * 100_000.0 / (lastVideoTimestamp - firstVideoTimestamp))
                    / 100.0;
        }
        return new VideoTrack(video.codec(), width, height, frameRate);
    }

    /** The audio track seen so far, or null. */
    public AudioTrack audio() {
        if (audio == null) {
            return null;
        }
        Integer rate = audio.sampleRate();
        Integer metadataRate = metadataInt("audiosamplerate");
        if (!"aac".equals(audio.codec()) && metadataRate != null && metadataRate > 0) {
            rate = metadataRate; // FLV's 2-bit SoundRate cannot say 48 kHz; the metadata can
        }
        return new AudioTrack(audio.codec(), rate, audio.channels());
    }

    /** The bitrate the encoder declares (videodatarate + audiodatarate, kbit/s), 0 when it declares none. */
    int declaredKbps() {
        Double videoRate = metadataNumber("videodatarate");
        Double audioRate = metadataNumber("audiodatarate");
        double sum = (videoRate == null ? 0 : videoRate) + (audioRate == null ? 0 : audioRate);
        return (int) Math.round(sum);
    }

    private Integer metadataInt(String name) {
        Double value = metadataNumber(name);
        return value == null ? null : (int) Math.round(value);
    }

    private Double metadataNumber(String name) {
        if (metadata != null && metadata.get(name) instanceof Number number && number.doubleValue() > 0) {
            return number.doubleValue();
        }
        return null;
    }

    private static String codecName(VideoTag.Codec codec) {
        return switch (codec) {
            case AVC -> "h264";
            case HEVC -> "h265";
            case AV1 -> "av1";
            case VP9 -> "vp9";
            case SORENSON_H263 -> "h263";
            default -> codec.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * ffmpeg's name for the FLV SoundFormat (its flvdec), short enough for any store: the spec's own names
     * ({@code linear_pcm_little_endian}, 24 characters) once overflowed the control plane's 16-character column.
     */
    static String audioCodecName(AudioTag.SoundFormat format, boolean sixteenBit) {
        return switch (format) {
            case MP3, MP3_8KHZ -> "mp3";
            // SoundFormat 0 is the encoder's own byte order; every encoder that sends it runs little-endian.
            case LINEAR_PCM_PLATFORM_ENDIAN, LINEAR_PCM_LITTLE_ENDIAN -> sixteenBit ? "pcm_s16le" : "pcm_u8";
            case ADPCM -> "adpcm_swf";
            case NELLYMOSER, NELLYMOSER_8KHZ_MONO, NELLYMOSER_16KHZ_MONO -> "nellymoser";
            case SPEEX -> "speex";
            case G711_A_LAW -> "pcm_alaw";
            case G711_MU_LAW -> "pcm_mulaw";
            case DEVICE_SPECIFIC -> "device";
            default -> format.name().toLowerCase(Locale.ROOT);
        };
    }
}
