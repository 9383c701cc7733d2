package dev.liveplane.media.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FlvTagWriter and FlvTagReader against the same golden rows. */
class FlvTagCodecTest {

    private static final String HEADER = "464c5601050000000900000000";

    static Stream<Arguments> rows() {
        return Stream.of(
                // The AAC sequence header tag of the ffmpeg fixture.
                Arguments.of("aac sequence header", FlvTag.AUDIO, 0L, "af00120856e500",
                        "08000007000000000000" + "00" + "af00120856e500" + "00000012"),
                Arguments.of("video at 1000 s", FlvTag.VIDEO, 1_000_000L, "27010000c8",
                        "09000005" + "0f4240" + "00" + "000000" + "27010000c8" + "00000010"),
                // TimestampExtended carries the upper 8 bits.
                Arguments.of("timestamp beyond 24 bits", FlvTag.VIDEO, 0x12345678L, "1701000050",
                        "09000005" + "345678" + "12" + "000000" + "1701000050" + "00000010"),
                Arguments.of("empty script tag", FlvTag.SCRIPT_DATA, 0L, "",
                        "12000000" + "000000" + "00" + "000000" + "0000000b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void writes(String name, int type, long timestamp, String body, String tag) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(body));
        ByteBuf out = Unpooled.buffer();
        try {
            FlvTagWriter.write(out, type, timestamp, in);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(tag);
            assertThat(out.readableBytes()).isEqualTo(FlvTagWriter.encodedLength(in.readableBytes()));
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
            out.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reads(String name, int type, long timestamp, String body, String tag) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(HEADER + tag));
        FlvTagReader reader = new FlvTagReader();
        FlvTag read = reader.read(in);
        try {
            assertThat(read.tagType()).isEqualTo(type);
            assertThat(read.timestamp()).isEqualTo(timestamp);
            assertThat(ByteBufUtil.hexDump(read.content())).isEqualTo(body);
            assertThat(in.isReadable()).isFalse();
            assertThat(reader.header()).contains(new FlvHeader(1, true, true));
        } finally {
            read.release();
            in.release();
        }
    }

    @Test
    void readsIncrementallyWithoutConsumingPartialTags() {
        byte[] file = fixture("x264-aac-320x240.flv");
        List<String> whole = describe(file, file.length);
        List<String> byteByByte = describe(file, 1);
        assertThat(byteByByte).isEqualTo(whole);
    }

    @Test
    void readsAnFfmpegFile() {
        byte[] file = fixture("x264-aac-320x240.flv");
        List<String> tags = describe(file, file.length);
        // ffmpeg writes onMetaData, then the AVC and AAC sequence headers, then frames.
        assertThat(tags.subList(0, 3)).containsExactly("18@0:293", "9@0:51", "8@0:7");
        assertThat(tags).hasSize(19);
        assertThat(tags.get(tags.size() - 1)).startsWith("9@160:");
    }

    @Test
    void refusesDataSizeBeyondTheLimitBeforeTheBodyArrives() {
        ByteBuf in = Unpooled.wrappedBuffer(
                ByteBufUtil.decodeHexDump(HEADER + "09" + "100000" + "000000" + "00" + "000000"));
        try {
            assertThatThrownBy(() -> new FlvTagReader(1024).read(in)).isInstanceOf(FlvFormatException.class)
                    .hasMessageContaining("DataSize 1048576 exceeds the limit of 1024");
        } finally {
            in.release();
        }
    }

    @Test
    void refusesPreviousTagSizeMismatch() {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(HEADER
                + "08000007000000000000" + "00" + "af00120856e500" + "00000013"));
        try {
            assertThatThrownBy(() -> new FlvTagReader().read(in)).isInstanceOf(FlvFormatException.class)
                    .hasMessageContaining("PreviousTagSize 19 does not match the tag's 18 bytes");
        } finally {
            in.release();
        }
    }

    @Test
    void refusesEncryptedTags() {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(HEADER + "2800000100000000000000af0000000c"));
        try {
            assertThatThrownBy(() -> new FlvTagReader().read(in)).isInstanceOf(FlvFormatException.class)
                    .hasMessageContaining("encrypted");
        } finally {
            in.release();
        }
    }

    @Test
    void writerRefusesTagTypesBeyondFiveBits() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> FlvTagWriter.write(out, 0x28, 0, Unpooled.EMPTY_BUFFER))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            out.release();
        }
    }

    /** Reads every tag, feeding {@code chunk} bytes at a time, as "type@timestamp:length". */
    private static List<String> describe(byte[] file, int chunk) {
        FlvTagReader reader = new FlvTagReader();
        ByteBuf in = Unpooled.buffer();
        List<String> tags = new ArrayList<>();
        try {
            for (int offset = 0; offset < file.length; offset += chunk) {
                in.writeBytes(file, offset, Math.min(chunk, file.length - offset));
                FlvTag tag;
                while ((tag = reader.read(in)) != null) {
                    tags.add(tag.tagType() + "@" + tag.timestamp() + ":" + tag.content().readableBytes());
                    tag.release();
                }
                in.discardReadBytes();
            }
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
        return tags;
    }

    static byte[] fixture(String name) {
        try (InputStream in = FlvTagCodecTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
