package dev.liveplane.media.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.media.protocol.flv.AudioTag.SoundFormat;
import dev.liveplane.media.protocol.flv.VideoTag.Codec;
import dev.liveplane.media.protocol.flv.VideoTag.FrameType;
import dev.liveplane.media.protocol.flv.VideoTag.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** VideoTag and AudioTag header parsing. */
class TagHeaderTest {

    static Stream<Arguments> videoRows() {
        return Stream.of(
                Arguments.of("avc sequence header (ffmpeg)", "1700000000016400",
                        new VideoTag(FrameType.KEY, Codec.AVC, PacketType.SEQUENCE_HEADER, 0, 5)),
                Arguments.of("avc keyframe, cts 80 (ffmpeg)", "1701000050000002ac",
                        new VideoTag(FrameType.KEY, Codec.AVC, PacketType.CODED_FRAMES, 80, 5)),
                Arguments.of("avc inter frame, negative cts", "2701ffffd8",
                        new VideoTag(FrameType.INTER, Codec.AVC, PacketType.CODED_FRAMES, -40, 5)),
                Arguments.of("avc end of sequence (ffmpeg)", "1702000000",
                        new VideoTag(FrameType.KEY, Codec.AVC, PacketType.END_OF_SEQUENCE, 0, 5)),
                Arguments.of("sorenson h.263", "22",
                        new VideoTag(FrameType.INTER, Codec.SORENSON_H263, PacketType.CODED_FRAMES, 0, 1)),
                Arguments.of("enhanced hvc1 sequence start", "9068766331",
                        new VideoTag(FrameType.KEY, Codec.HEVC, PacketType.SEQUENCE_HEADER, 0, 5)),
                Arguments.of("enhanced hvc1 coded frames", "9168766331000028",
                        new VideoTag(FrameType.KEY, Codec.HEVC, PacketType.CODED_FRAMES, 40, 8)),
                Arguments.of("enhanced av01 coded frames X", "a361763031",
                        new VideoTag(FrameType.INTER, Codec.AV1, PacketType.CODED_FRAMES, 0, 5)),
                Arguments.of("enhanced vp09 metadata", "9476703039",
                        new VideoTag(FrameType.KEY, Codec.VP9, PacketType.OTHER, 0, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("videoRows")
    void parsesVideoTags(String name, String hex, VideoTag expected) {
        assertThat(parse(hex, VideoTag::parse)).isEqualTo(expected);
    }

    static Stream<Arguments> malformedVideo() {
        return Stream.of(
                Arguments.of("empty", "", "empty video tag"),
                Arguments.of("frame type 0", "07", "reserved video FrameType 0"),
                Arguments.of("codec id 9", "19", "unknown video CodecID 9"),
                Arguments.of("truncated avc header", "170100", "needs 5 bytes"),
                Arguments.of("avc packet type 3", "1703000000", "reserved AVCPacketType 3"),
                Arguments.of("unknown fourcc", "9078787878", "unknown enhanced video FourCC"),
                Arguments.of("truncated enhanced header", "906876", "needs 5 bytes"),
                Arguments.of("truncated hvc1 cts", "916876633100", "needs 8 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedVideo")
    void refusesMalformedVideoTags(String name, String hex, String message) {
        assertThatThrownBy(() -> parse(hex, VideoTag::parse)).isInstanceOf(FlvFormatException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> audioRows() {
        return Stream.of(
                Arguments.of("aac sequence header (ffmpeg)", "af00120856e500",
                        new AudioTag(SoundFormat.AAC, 3, true, true, true, 2)),
                Arguments.of("aac raw (ffmpeg)", "af01de02",
                        new AudioTag(SoundFormat.AAC, 3, true, true, false, 2)),
                Arguments.of("mp3 44 kHz 16-bit mono (ffmpeg)", "2efffb50c4",
                        new AudioTag(SoundFormat.MP3, 3, true, false, false, 1)),
                Arguments.of("g.711 a-law 5.5 kHz 8-bit", "70",
                        new AudioTag(SoundFormat.G711_A_LAW, 0, false, false, false, 1)),
                Arguments.of("enhanced audio header", "90",
                        new AudioTag(SoundFormat.EX_HEADER, 0, false, false, false, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("audioRows")
    void parsesAudioTags(String name, String hex, AudioTag expected) {
        assertThat(parse(hex, AudioTag::parse)).isEqualTo(expected);
    }

    static Stream<Arguments> malformedAudio() {
        return Stream.of(
                Arguments.of("empty", "", "empty audio tag"),
                Arguments.of("sound format 12", "c0", "reserved audio SoundFormat 12"),
                Arguments.of("aac without packet type", "af", "needs 2 bytes"),
                Arguments.of("aac packet type 2", "af02", "unknown AACPacketType 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedAudio")
    void refusesMalformedAudioTags(String name, String hex, String message) {
        assertThatThrownBy(() -> parse(hex, AudioTag::parse)).isInstanceOf(FlvFormatException.class)
                .hasMessageContaining(message);
    }

    private static <T> T parse(String hex, Function<ByteBuf, T> parser) {
        ByteBuf body = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            T parsed = parser.apply(body);
            assertThat(body.readerIndex()).isZero();
            return parsed;
        } finally {
            body.release();
        }
    }
}
