package dev.liveplane.media.protocol.rtmp.chunk;

import dev.liveplane.media.protocol.ProtocolException;
import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.rtmp.message.Abort;
import dev.liveplane.media.protocol.rtmp.message.Acknowledgement;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.DataMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.SetChunkSize;
import dev.liveplane.media.protocol.rtmp.message.SetPeerBandwidth;
import dev.liveplane.media.protocol.rtmp.message.UserControl;
import dev.liveplane.media.protocol.rtmp.message.WindowAckSize;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Any chunk stream either decodes into messages, whose payloads in turn decode, or ends in
 * {@link ProtocolException}, and every buffer is released. Seeds: RtmpChunkDecoderFuzzTestInputs/decode, cut from
 * the ffmpeg and nginx-rtmp captures.
 */
class RtmpChunkDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder());
        try {
            int split = input.length / 2;
            channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            drain(channel);
            channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
            drain(channel);
        } catch (ProtocolException expected) {
            // The typed refusal is one of the two allowed outcomes.
        } finally {
            channel.finishAndReleaseAll();
        }
        alloc.assertAllReleased();
    }

    /**
     * Under a tight budget (2 KiB messages, 4 KiB of partial messages) the decoder never holds more than the budget
     * allows, and gives every byte back. Seeds: RtmpChunkDecoderFuzzTestInputs/decodeWithinABudget.
     */
    @FuzzTest(maxDuration = "60s")
    void decodeWithinABudget(byte[] input) {
        TrackingAllocator alloc = new TrackingAllocator();
        RtmpChunkDecoderBudgetTest.CountingBudget budget = new RtmpChunkDecoderBudgetTest.CountingBudget(2048, 4096);
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(budget));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            drain(channel);
        } catch (ProtocolException expected) {
            // Refusals, the budget's included, are typed.
        } finally {
            channel.finishAndReleaseAll();
        }
        alloc.assertAllReleased();
        if (budget.mostHeld > 4096 || budget.held != 0) {
            throw new AssertionError("budget held " + budget.mostHeld + " at most and " + budget.held + " at the end");
        }
    }

    private static void drain(EmbeddedChannel channel) {
        for (RtmpMessage m; (m = channel.readInbound()) != null; ) {
            try {
                decodePayload(m.typeId(), m.content());
            } catch (ProtocolException expected) {
                // A payload that does not fit its type is refused the same typed way.
            } finally {
                m.release();
            }
        }
    }

    private static void decodePayload(int typeId, ByteBuf payload) {
        switch (typeId) {
            case MessageType.SET_CHUNK_SIZE -> SetChunkSize.decode(payload);
            case MessageType.ABORT -> Abort.decode(payload);
            case MessageType.ACKNOWLEDGEMENT -> Acknowledgement.decode(payload);
            case MessageType.USER_CONTROL -> UserControl.decode(payload);
            case MessageType.WINDOW_ACK_SIZE -> WindowAckSize.decode(payload);
            case MessageType.SET_PEER_BANDWIDTH -> SetPeerBandwidth.decode(payload);
            case MessageType.COMMAND_AMF0, MessageType.COMMAND_AMF3 -> CommandMessage.decode(typeId, payload);
            case MessageType.DATA_AMF0, MessageType.DATA_AMF3 -> DataMessage.decode(typeId, payload);
            default -> {
            }
        }
    }
}
