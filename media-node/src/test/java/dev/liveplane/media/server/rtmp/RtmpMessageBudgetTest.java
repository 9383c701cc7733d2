package dev.liveplane.media.server.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.protocol.rtmp.message.MessageType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** A connection's limits grow with what it has earned, and all connections together stay under the node's total. */
class RtmpMessageBudgetTest {

    private static final RtmpMessageLimits LIMITS = new RtmpMessageLimits(16 * 1024, 8 * 1024, 256 * 1024,
            64 * 1024, 8 << 20, 64L << 20);

    private final RtmpPartialMemory node = new RtmpPartialMemory(LIMITS.nodeBytes(), new SimpleMeterRegistry());

    @Test
    void beforeConnectOnlyAConnectSizedMessageAndSixteenKibibytesFit() {
        RtmpMessageBudget budget = new RtmpMessageBudget(LIMITS, node);
        assertThat(budget.maxMessageLength(MessageType.COMMAND_AMF0)).isEqualTo(8 * 1024);
        assertThat(budget.maxMessageLength(MessageType.VIDEO)).isEqualTo(8 * 1024);
        assertThat(budget.maxMessageLength(MessageType.SET_CHUNK_SIZE)).isEqualTo(4);
        assertThat(budget.tryReserve(16 * 1024)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.describe()).isEqualTo("the connection's 16384-byte limit before connect");
        budget.release(16 * 1024);
        assertThat(node.used()).isZero();
    }

    @Test
    void connectingAndThenAnAuthorizedPublishRaiseTheLimits() {
        RtmpMessageBudget budget = new RtmpMessageBudget(LIMITS, node);
        budget.connected();
        assertThat(budget.maxMessageLength(MessageType.VIDEO)).isEqualTo(64 * 1024);
        assertThat(budget.tryReserve(256 * 1024)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.describe()).isEqualTo("the connection's 262144-byte limit before an authorized publish");

        budget.publishing();
        assertThat(budget.maxMessageLength(MessageType.VIDEO)).isEqualTo(8 << 20);
        assertThat(budget.maxMessageLength(MessageType.AUDIO)).isEqualTo(8 << 20);
        assertThat(budget.maxMessageLength(MessageType.DATA_AMF0)).isEqualTo(64 * 1024);
        assertThat(budget.maxMessageLength(MessageType.USER_CONTROL)).isEqualTo(64);
        assertThat(budget.tryReserve(8 << 20)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        budget.release((8 << 20) + 256 * 1024);
        assertThat(node.used()).isZero();
    }

    @Test
    void connectionsWithoutAnAuthorizedPublishShareAQuarterOfTheNodesTotal() {
        RtmpMessageLimits limits = LIMITS.withNodeBytes(4L << 20);
        RtmpPartialMemory small = new RtmpPartialMemory(limits.nodeBytes(), new SimpleMeterRegistry());
        int connected = 0;
        RtmpMessageBudget last;
        do {
            last = new RtmpMessageBudget(limits, small);
            last.connected();
            connected++;
        } while (last.tryReserve(256 * 1024));
        assertThat(connected - 1).as("connections that got their 256 KiB").isEqualTo(4);
        assertThat(last.describe()).contains("1048576-byte share of the node's partial-message memory");

        // A publisher still gets the rest of the node's memory, however many peers wait before connect.
        RtmpMessageBudget publisher = new RtmpMessageBudget(limits, small);
        publisher.connected();
        publisher.publishing();
        assertThat(publisher.tryReserve(3 << 20)).isTrue();
        assertThat(publisher.tryReserve(1)).isFalse();
        assertThat(publisher.describe()).isEqualTo("the node's 4194304-byte limit for partial messages");
        assertThat(small.used()).isEqualTo(4L << 20);
    }

    @Test
    void bytesHeldBeforeThePublishWasAuthorizedLeaveTheUnauthorizedShare() {
        RtmpMessageLimits limits = LIMITS.withNodeBytes(4L << 20);
        RtmpPartialMemory small = new RtmpPartialMemory(limits.nodeBytes(), new SimpleMeterRegistry());
        RtmpMessageBudget publisher = new RtmpMessageBudget(limits, small);
        publisher.connected();
        assertThat(publisher.tryReserve(200 * 1024)).isTrue();
        publisher.publishing();
        publisher.release(200 * 1024);
        assertThat(small.used()).isZero();
        // The whole unauthorized share is free again for the next peers.
        RtmpMessageBudget[] peers = new RtmpMessageBudget[4];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new RtmpMessageBudget(limits, small);
            peers[i].connected();
            assertThat(peers[i].tryReserve(256 * 1024)).isTrue();
        }
    }
}
