package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.DataMessage;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.UserControl;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the commands and status messages the node sends to RTMP clients (Adobe RTMP spec 7.2). */
final class RtmpReplies {

    static final int COMMAND_CHUNK_STREAM = 3;

    private final ByteBufAllocator alloc;

    RtmpReplies(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    RtmpMessage connectSuccess(double transactionId, double objectEncoding) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fmsVer", "FMS/3,5,3,888");
        properties.put("capabilities", 127.0);
        properties.put("mode", 1.0);
        Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", objectEncoding);
        return command(0, "_result", transactionId, properties, info);
    }

    /** {@code _result(transactionId, null, value)}: the shape ffmpeg's read_number_result and librtmp expect. */
    RtmpMessage result(double transactionId, Object value) {
        return command(0, "_result", transactionId, null, value);
    }

    RtmpMessage error(double transactionId, String code, String description) {
        return command(0, "_error", transactionId, null, status("error", code, description));
    }

    RtmpMessage onStatus(int messageStreamId, String level, String code, String description) {
        return command(messageStreamId, "onStatus", 0, null, status(level, code, description));
    }

    RtmpMessage sampleAccess() {
        return data(RtmpFrameEncoder.PLAY_MESSAGE_STREAM, "|RtmpSampleAccess", true, true);
    }

    RtmpMessage streamBegin(int messageStreamId) {
        return UserControl.streamBegin(messageStreamId).toMessage(alloc);
    }

    RtmpMessage streamEof(int messageStreamId) {
        return UserControl.streamEof(messageStreamId).toMessage(alloc);
    }

    private RtmpMessage command(int messageStreamId, String name, double transactionId, Object commandObject,
            Object... arguments) {
        return new CommandMessage(name, transactionId, commandObject, Arrays.asList(arguments))
                .toMessage(alloc, COMMAND_CHUNK_STREAM, messageStreamId);
    }

    private RtmpMessage data(int messageStreamId, Object... values) {
        return new DataMessage(List.of(values)).toMessage(alloc, RtmpFrameEncoder.DATA_CHUNK_STREAM, 0,
                messageStreamId);
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }
}
