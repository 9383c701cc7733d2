package dev.liveplane.media.e2e;

import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.DataMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.UserControl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;

/**
 * Names an RTMP message or an FLV tag (they share type ids 8, 9 and 18 and their bodies) in the words a transcript
 * assertion uses: {@code "onStatus NetStream.Play.Start"}, {@code "onMetaData"}, {@code "AVC keyframe"}.
 */
final class WireLabel {

    private static final int AAC = 10;
    private static final int AVC = 7;

    private WireLabel() {
    }

    static String of(int typeId, byte[] payload) {
        ByteBuf body = Unpooled.wrappedBuffer(payload);
        return switch (typeId) {
            case MessageType.SET_CHUNK_SIZE -> "SetChunkSize";
            case MessageType.WINDOW_ACK_SIZE -> "WindowAckSize";
            case MessageType.SET_PEER_BANDWIDTH -> "SetPeerBandwidth";
            case MessageType.USER_CONTROL -> userControl(UserControl.decode(body));
            case MessageType.AUDIO -> audio(payload);
            case MessageType.VIDEO -> video(payload);
            case MessageType.DATA_AMF0 -> data(DataMessage.decode(typeId, body).values());
            case MessageType.COMMAND_AMF0 -> command(CommandMessage.decode(typeId, body));
            default -> "type " + typeId;
        };
    }

    static boolean isMedia(int typeId) {
        return typeId == MessageType.AUDIO || typeId == MessageType.VIDEO;
    }

    private static String userControl(UserControl event) {
        String name = switch (event.event()) {
            case STREAM_BEGIN -> "StreamBegin";
            case STREAM_EOF -> "StreamEOF";
            default -> event.event().name();
        };
        return name + " " + event.value();
    }

    private static String audio(byte[] payload) {
        if (payload.length < 2 || (payload[0] & 0xFF) >> 4 != AAC) {
            return "audio";
        }
        return payload[1] == 0 ? "AAC sequence header" : "AAC frame";
    }

    private static String video(byte[] payload) {
        if (payload.length < 2 || (payload[0] & 0x0F) != AVC) {
            return "video";
        }
        return switch (payload[1]) {
            case 0 -> "AVC sequence header";
            case 1 -> (payload[0] & 0xF0) == 0x10 ? "AVC keyframe" : "AVC frame";
            case 2 -> "AVC end of sequence";
            default -> "AVC packet type " + payload[1];
        };
    }

    private static String data(List<Object> values) {
        return values.isEmpty() ? "data" : String.valueOf(values.get(0));
    }

    /** The name, followed by the status code when the command carries an info object (onStatus, _result). */
    private static String command(CommandMessage command) {
        for (Object argument : command.arguments()) {
            if (argument instanceof Map<?, ?> info && info.get("code") instanceof String code) {
                return command.name() + " " + code;
            }
        }
        return command.name();
    }
}
