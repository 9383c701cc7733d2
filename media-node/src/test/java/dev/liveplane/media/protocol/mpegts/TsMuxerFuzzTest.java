package dev.liveplane.media.protocol.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.liveplane.media.protocol.flv.AvcDecoderConfigurationRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Any AVCC bytes either become whole transport packets or fail with TsMuxException having written nothing. */
class TsMuxerFuzzTest {

    private static final AvcDecoderConfigurationRecord CONFIG = TsMuxerTest.avcConfig();

    @FuzzTest
    void writeVideo(byte[] data) {
        ByteBuf avcc = Unpooled.wrappedBuffer(data);
        ByteBuf out = Unpooled.buffer();
        try {
            new TsMuxer().writeVideo(out, 1_000, 80, true, avcc, CONFIG);
            assertThat(out.readableBytes() % TsMuxer.PACKET_SIZE).isZero();
            for (int i = 0; i < out.readableBytes(); i += TsMuxer.PACKET_SIZE) {
                assertThat(out.getByte(i)).isEqualTo((byte) 0x47);
            }
        } catch (TsMuxException expected) {
            assertThat(out.isReadable()).as("bytes written before the exception").isFalse();
        } finally {
            assertThat(avcc.readerIndex()).isZero();
            avcc.release();
            out.release();
        }
    }
}
