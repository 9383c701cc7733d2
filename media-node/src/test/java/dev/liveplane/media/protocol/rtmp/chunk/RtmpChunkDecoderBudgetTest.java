package dev.liveplane.media.protocol.rtmp.chunk;

import static dev.liveplane.media.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chunk decoder takes every byte of its partial messages from its {@link MessageBudget}, and gives each back. */
class RtmpChunkDecoderBudgetTest {

    /** A budget with one byte limit and one length limit for non-control types; it records what it holds. */
    static final class CountingBudget implements MessageBudget {
        int maxLength;
        final int maxBytes;
        int held;
        int mostHeld;

        CountingBudget(int maxLength, int maxBytes) {
            this.maxLength = maxLength;
            this.maxBytes = maxBytes;
        }

        @Override
        public int maxMessageLength(int typeId) {
            int control = ControlMessageLengths.max(typeId);
            return control >= 0 ? control : maxLength;
        }

        @Override
        public boolean tryReserve(int bytes) {
            if (held + bytes > maxBytes) {
                return false;
            }
            held += bytes;
            mostHeld = Math.max(mostHeld, held);
            return true;
        }

        @Override
        public void release(int bytes) {
            held -= bytes;
        }

        @Override
        public String describe() {
            return "the test's " + maxBytes + "-byte limit";
        }
    }

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allBuffersReleased() {
        alloc.assertAllReleased();
    }

    /** Control messages longer than any real peer sends, each refused at its header (RTMP spec 5.4, 6.2, 7.1.7). */
    static Stream<Arguments> overlongControlMessages() {
        return Stream.of(
                Arguments.of("SetChunkSize of 5 bytes", "02 000000 000005 01 00000000 0000100000", 4),
                Arguments.of("Abort of 8 bytes", "02 000000 000008 02 00000000 0000000300000003", 4),
                Arguments.of("Acknowledgement of 5 bytes", "02 000000 000005 03 00000000 0000000100", 4),
                Arguments.of("WindowAckSize of 1 MiB", "02 000000 100000 05 00000000", 4),
                Arguments.of("SetPeerBandwidth of 6 bytes", "02 000000 000006 06 00000000 002625a00200", 5),
                Arguments.of("User control of 65 bytes", "02 000000 000041 04 00000000", 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlongControlMessages")
    void refusesControlMessagesLongerThanTheirFixedSize(String name, String bytes, int limit) {
        CountingBudget budget = new CountingBudget(1 << 20, 1 << 20);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex(bytes))))
                .isInstanceOf(MessageBudgetException.class)
                .hasMessageContaining("exceeds the " + limit + "-byte limit");
        assertThat(budget.mostHeld).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void controlMessagesOfTheirFixedSizePass() {
        CountingBudget budget = new CountingBudget(1, 16);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        channel.writeInbound(Unpooled.wrappedBuffer(hex("02 000000 000004 05 00000000 002625a0"
                + "02 000000 000005 06 00000000 002625a002")));
        assertThat(typesOf(channel)).containsExactly(MessageType.WINDOW_ACK_SIZE, MessageType.SET_PEER_BANDWIDTH);
        assertThat(budget.held).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void refusesAMessageLongerThanItsTypeAllowsBeforeAllocatingAnything() {
        CountingBudget budget = new CountingBudget(8192, 16384);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex("03 000000 800000 09 01000000"))))
                .isInstanceOf(MessageBudgetException.class)
                .hasMessageContaining("message of 8388608 bytes (type 9) on chunk stream 3 exceeds the 8192-byte");
        assertThat(budget.mostHeld).isZero();
        // Once failed, the rest of the connection's bytes are dropped.
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(hex("04 000000 000001 08 01000000 aa"))));
        assertFalse(channel.finish());
    }

    @Test
    void aTypeThreeChunkStartingAMessageIsCheckedAgainstTheLimitInForceNow() {
        // The budget is asked at every new message, not only at headers that carry a length (fmt 0 and 1).
        CountingBudget budget = new CountingBudget(1000, 1 << 20);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        channel.writeInbound(Unpooled.wrappedBuffer(hex("03 000000 000004 12 01000000 01020304")));
        assertThat(typesOf(channel)).containsExactly(MessageType.DATA_AMF0);
        budget.maxLength = 3;
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex("c3 05060708"))))
                .isInstanceOf(MessageBudgetException.class)
                .hasMessageContaining("exceeds the 3-byte limit");
        assertFalse(channel.finish());
    }

    @Test
    void holdsWhatThePayloadBuffersHoldAndGivesItBackWhenTheMessageIsWhole() {
        CountingBudget budget = new CountingBudget(1 << 20, 1 << 20);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        int length = 300 * 1024;
        ByteBuf chunks = Unpooled.buffer();
        RtmpChunkWriter.write(chunks, 4, MessageType.VIDEO, 0, 1, Unpooled.wrappedBuffer(new byte[length]), 4096);
        // A 4096-byte chunk size first, as OBS and ffmpeg send it.
        channel.writeInbound(Unpooled.wrappedBuffer(hex("02 000000 000004 01 00000000 00001000")));
        assertThat(typesOf(channel)).containsExactly(MessageType.SET_CHUNK_SIZE);

        channel.writeInbound(chunks.readRetainedSlice(RtmpChunkWriter.encodedLength(4, 0, 4096, 4096)));
        assertThat(budget.held).as("a header claiming 300 KiB costs its first 64 KiB buffer only").isEqualTo(65536);
        channel.writeInbound(chunks.readRetainedSlice(RtmpChunkWriter.encodedLength(4, 0, 70_000, 4096)
                - RtmpChunkWriter.encodedLength(4, 0, 4096, 4096)));
        assertThat(budget.held).as("grown by doubling as the bytes came").isEqualTo(131072);
        channel.writeInbound(chunks);
        assertThat(budget.mostHeld).as("never more than the message's length").isEqualTo(length);
        assertThat(budget.held).isZero();
        RtmpMessage message = channel.readInbound();
        assertThat(message.content().readableBytes()).isEqualTo(length);
        message.release();
        assertFalse(channel.finish());
    }

    @Test
    void refusesAMessageThatWouldPassTheByteBudgetAndGivesEverythingBackAtClose() {
        CountingBudget budget = new CountingBudget(8192, 16384);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        // Two 8000-byte data messages half sent on chunk streams 3 and 4 fit; a third does not.
        channel.writeInbound(halfMessage(3, 8000));
        channel.writeInbound(halfMessage(4, 8000));
        assertThat(budget.held).isEqualTo(16000);
        assertThatThrownBy(() -> channel.writeInbound(halfMessage(5, 8000)))
                .isInstanceOf(MessageBudgetException.class)
                .hasMessageContaining("a 8000-byte message (type 18) on chunk stream 5 needs 8000 more bytes, past "
                        + "the test's 16384-byte limit");
        assertFalse(channel.finish());
        assertThat(budget.held).isZero();
    }

    @Test
    void anAbortGivesItsMessagesBytesBack() {
        CountingBudget budget = new CountingBudget(8192, 16384);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        channel.writeInbound(halfMessage(3, 8000));
        assertThat(budget.held).isEqualTo(8000);
        channel.writeInbound(Unpooled.wrappedBuffer(hex("02 000000 000004 02 00000000 00000003")));
        assertThat(typesOf(channel)).containsExactly(MessageType.ABORT);
        assertThat(budget.held).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void anAllocationThatFailsFailsThisConnectionAndGivesItsBytesBack() {
        CountingBudget budget = new CountingBudget(1 << 20, 1 << 20);
        FailingAllocator failing = new FailingAllocator(100_000);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(failing);
        channel.pipeline().addLast(new RtmpChunkDecoder(budget));
        ByteBuf chunks = Unpooled.buffer();
        RtmpChunkWriter.write(chunks, 4, MessageType.VIDEO, 0, 1, Unpooled.wrappedBuffer(new byte[200_000]), 128);
        assertThatThrownBy(() -> channel.writeInbound(chunks))
                .isInstanceOf(MessageBudgetException.class)
                .hasMessageContaining("could not allocate 131072 bytes for a 200000-byte message on chunk stream 4")
                .hasCauseInstanceOf(OutOfMemoryError.class);
        assertFalse(channel.finish());
        assertThat(budget.held).isZero();
        assertThat(failing.buffers).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    /** Hands out heap buffers that cannot grow past {@code limit}, failing as the JDK does when direct memory is out. */
    private static final class FailingAllocator extends AbstractByteBufAllocator {
        final int limit;
        final List<ByteBuf> buffers = new ArrayList<>();

        FailingAllocator(int limit) {
            super(false);
            this.limit = limit;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity) {
                @Override
                protected byte[] allocateArray(int capacity) {
                    if (capacity > limit) {
                        throw new OutOfMemoryError("Cannot reserve " + capacity + " bytes of direct buffer memory");
                    }
                    return super.allocateArray(capacity);
                }
            };
            buffers.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    /** The first 128-byte chunk of a data message of {@code length} on {@code csid}. */
    private static ByteBuf halfMessage(int csid, int length) {
        ByteBuf in = Unpooled.buffer();
        RtmpChunkWriter.write(in, csid, MessageType.DATA_AMF0, 0, 1, Unpooled.wrappedBuffer(new byte[length]), 128);
        return in.writerIndex(RtmpChunkWriter.encodedLength(csid, 0, 128, 128));
    }

    private static List<Integer> typesOf(EmbeddedChannel channel) {
        List<Integer> types = new ArrayList<>();
        for (RtmpMessage m; (m = channel.readInbound()) != null; m.release()) {
            types.add(m.typeId());
        }
        return types;
    }
}
