package dev.liveplane.media.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Any bytes either parse to a config, which ADTS carries or refuses with FlvFormatException, or fail the same way. */
class AudioSpecificConfigFuzzTest {

    @FuzzTest
    void parse(byte[] data) {
        ByteBuf in = Unpooled.wrappedBuffer(data);
        ByteBuf out = Unpooled.buffer(Adts.HEADER_LENGTH);
        try {
            AudioSpecificConfig config = AudioSpecificConfig.parse(in);
            assertThat(config.samplingFrequency()).isPositive();
            if (Adts.canCarry(config)) {
                Adts.writeHeader(out, config, 100);
                assertThat(out.readableBytes()).isEqualTo(Adts.HEADER_LENGTH);
            }
        } catch (FlvFormatException expected) {
            // the property: malformed input ends in the typed exception and nothing else
        } finally {
            in.release();
            out.release();
        }
    }
}
