package dev.liveplane.media.protocol.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtmpChunkWriterTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allBuffersReleased() {
        alloc.assertAllReleased();
    }

    static Stream<Arguments> grid() {
        Stream.Builder<Arguments> grid = Stream.builder();
        for (int csid : new int[] {2, 63, 64, 319, 320, 65599}) {
            for (long ts : new long[] {0, 0xFFFFFEL, 0xFFFFFFL, 0xFFFF_FFFFL}) {
                for (int length : new int[] {0, 1, 127, 128, 129, 3 * 4096 + 5}) {
                    for (int chunkSize : new int[] {1, 128, 4096, RtmpChunkDecoder.MAX_CHUNK_SIZE}) {
                        grid.add(Arguments.of(csid, ts, length, chunkSize));
                    }
                }
            }
        }
        return grid.build();
    }

    @ParameterizedTest(name = "csid {0}, ts {1}, {2} bytes, chunk size {3}")
    @MethodSource("grid")
    void writesWhatTheDecoderReadsBack(int csid, long timestamp, int length, int chunkSize) {
        byte[] payload = new byte[length];
        IntStream.range(0, length).forEach(i -> payload[i] = (byte) i);
        ByteBuf source = Unpooled.wrappedBuffer(payload);

        ByteBuf out = Unpooled.buffer();
        RtmpChunkWriter.write(out, csid, 9, timestamp, 7, source, chunkSize);

        assertThat(out.readableBytes()).isEqualTo(RtmpChunkWriter.encodedLength(csid, timestamp, length, chunkSize));
        assertThat(source.readerIndex()).isZero();

        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(0xFFFFFF));
        RtmpMessage setChunkSize = new SetChunkSize(chunkSize).toMessage(alloc);
        ByteBuf control = Unpooled.buffer();
        RtmpChunkWriter.write(control, 2, 1, 0, 0, setChunkSize.content(), 128);
        setChunkSize.release();
        channel.writeInbound(control, out);
        ((RtmpMessage) channel.readInbound()).release();
        RtmpMessage message = channel.readInbound();
        assertThat(message.chunkStreamId()).isEqualTo(csid);
        assertThat(message.typeId()).isEqualTo(9);
        assertThat(message.timestamp()).isEqualTo(timestamp);
        assertThat(message.messageStreamId()).isEqualTo(7);
        assertThat(message.content()).isEqualTo(source);
        message.release();
        assertFalse(channel.finish());
    }

    @Test
    void writesFromTheReaderIndexWithoutMovingIt() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {9, 9, 1, 2, 3}).skipBytes(2);
        ByteBuf out = Unpooled.buffer();
        RtmpChunkWriter.write(out, 3, 8, 0, 1, payload, 128);
        assertThat(payload.readerIndex()).isEqualTo(2);
        assertThat(out.readableBytes()).isEqualTo(12 + 3);
        assertThat(out.getByte(14)).isEqualTo((byte) 3);
    }

    @Test
    void wrapsTimestampsModulo32Bits() {
        ByteBuf out = Unpooled.buffer();
        RtmpChunkWriter.write(out, 3, 8, 0x1_0000_0005L, 1, Unpooled.EMPTY_BUFFER, 128);
        assertThat(out.getUnsignedMedium(1)).isEqualTo(5);
    }

    @Test
    void refusesArgumentsTheWireCannotCarry() {
        ByteBuf out = Unpooled.buffer();
        assertThatThrownBy(() -> RtmpChunkWriter.write(out, 1, 8, 0, 1, Unpooled.EMPTY_BUFFER, 128))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtmpChunkWriter.write(out, 65600, 8, 0, 1, Unpooled.EMPTY_BUFFER, 128))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtmpChunkWriter.write(out, 3, 256, 0, 1, Unpooled.EMPTY_BUFFER, 128))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtmpChunkWriter.write(out, 3, 8, 0, 1, Unpooled.EMPTY_BUFFER, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtmpChunkWriter.encodedLength(3, 0, 0x1000000, 128))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.readableBytes()).isZero();
    }
}
