package dev.liveplane.media.server.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.protocol.amf0.Amf0;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBufAllocator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replies clients parse by position: librtmp and ffmpeg read the stream id as the first number after null. */
@SuppressWarnings("unchecked")
class RtmpRepliesTest {

    private final RtmpReplies replies = new RtmpReplies(ByteBufAllocator.DEFAULT);

    @Test
    void createStreamResultIsNullThenTheStreamId() {
        CommandMessage result = decode(replies.result(4, 1.0));
        assertThat(result.name()).isEqualTo("_result");
        assertThat(result.transactionId()).isEqualTo(4.0);
        assertThat(result.commandObject()).isNull();
        assertThat(result.arguments()).containsExactly(1.0);
    }

    @Test
    void releaseStreamResultIsNullThenUndefined() {
        CommandMessage result = decode(replies.result(2, Amf0.UNDEFINED));
        assertThat(result.commandObject()).isNull();
        assertThat(result.arguments()).containsExactly(Amf0.UNDEFINED);
    }

    @Test
    void connectSuccessCarriesServerPropertiesAndTheStatus() {
        CommandMessage result = decode(replies.connectSuccess(1, 0));
        assertThat(result.commandObject()).isInstanceOf(Map.class);
        assertThat((Map<String, Object>) result.arguments().get(0)).containsEntry("code", "NetConnection.Connect.Success")
                .containsEntry("level", "status");
    }

    @Test
    void statusMessagesGoToTheStreamTheyConcern() {
        RtmpMessage message = replies.onStatus(1, "error", "NetStream.Publish.BadName", "Stream already publishing.");
        assertThat(message.messageStreamId()).isEqualTo(1);
        CommandMessage status = decode(message);
        assertThat(status.name()).isEqualTo("onStatus");
        assertThat(status.commandObject()).isNull();
        assertThat((Map<String, Object>) status.arguments().get(0)).containsEntry("description", "Stream already publishing.");
    }

    private static CommandMessage decode(RtmpMessage message) {
        try {
            return CommandMessage.decode(message.typeId(), message.content());
        } finally {
            message.release();
        }
    }
}
