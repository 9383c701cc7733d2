package dev.liveplane.media.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Any bytes either parse to a plausible record or fail with FlvFormatException. */
class AvcDecoderConfigurationRecordFuzzTest {

    @FuzzTest
    void parse(byte[] data) {
        ByteBuf in = Unpooled.wrappedBuffer(data);
        try {
            AvcDecoderConfigurationRecord record = AvcDecoderConfigurationRecord.parse(in);
            assertThat(record.width()).isBetween(1, 16_384);
            assertThat(record.height()).isBetween(1, 16_384);
            assertThat(record.nalLengthSize()).isIn(1, 2, 4);
            assertThat(record.sequenceParameterSets()).isNotEmpty();
            assertThat(record.pictureParameterSets()).isNotEmpty();
        } catch (FlvFormatException expected) {
            // the property: malformed input ends in the typed exception and nothing else
        } finally {
            assertThat(in.readerIndex()).isZero();
            in.release();
        }
    }
}
