package dev.liveplane.media.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Any bytes either read as tags or fail with FlvFormatException, and every tag body is released. */
class FlvTagReaderFuzzTest {

    @FuzzTest
    void readTags(byte[] data) {
        ByteBuf in = Unpooled.buffer(data.length);
        in.writeBytes(data);
        FlvTagReader reader = new FlvTagReader(64 * 1024);
        try {
            FlvTag tag;
            while ((tag = reader.read(in)) != null) {
                try {
                    assertThat(tag.tagType()).isBetween(0, 31);
                    parseBody(tag);
                } finally {
                    tag.release();
                }
            }
        } catch (FlvFormatException expected) {
            // the property: malformed input ends in the typed exception and nothing else
        } finally {
            assertThat(in.refCnt()).as("tag bodies still retained").isEqualTo(1);
            in.release();
        }
    }

    /** Tag bodies go on to the header parsers, as the node does with every frame. */
    private static void parseBody(FlvTag tag) {
        try {
            if (tag.tagType() == FlvTag.VIDEO) {
                VideoTag.parse(tag.content());
            } else if (tag.tagType() == FlvTag.AUDIO) {
                AudioTag.parse(tag.content());
            }
        } catch (FlvFormatException expected) {
            // a malformed body does not stop the reader
        }
    }
}
