package dev.liveplane.bench.rtmp;

import dev.liveplane.bench.PlayUrl;
import dev.liveplane.bench.Viewer;
import dev.liveplane.media.protocol.rtmp.handshake.HandshakeCompletedEvent;
import dev.liveplane.media.protocol.rtmp.message.Acknowledgement;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessageException;
import dev.liveplane.media.protocol.rtmp.message.UserControl;
import dev.liveplane.media.protocol.rtmp.message.WindowAckSize;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plays one stream as an RTMP client after the handshake (connect, createStream, SetBufferLength, play; RTMP spec
 * 7.2), keeps the server sending by acknowledging its window and answering pings, and reports each audio and video
 * message to its {@link Viewer}. The last handler of the pipeline: any error fails the viewer and closes.
 */
public final class RtmpPlayHandler extends SimpleChannelInboundHandler<RtmpMessage> {

    private static final int COMMAND_CHUNK_STREAM = 3;
    /** ffmpeg and rtmpdump also send play on chunk stream 8. */
    private static final int PLAY_CHUNK_STREAM = 8;
    private static final double CONNECT_TRANSACTION = 1;
    private static final double CREATE_STREAM_TRANSACTION = 2;
    /** rtmpdump's default buffer (10 hours): asks the server never to hold media back on our account. */
    private static final long BUFFER_LENGTH_MILLIS = 36_000_000;
    /** ffmpeg's default play start: a live stream if there is one, else a recording. */
    private static final double PLAY_START_ANY = -2000;

    private final PlayUrl url;
    private final Viewer viewer;
    private long windowAckSize;
    private long lastAckedBytes;

    public RtmpPlayHandler(PlayUrl url, Viewer viewer) {
        super(RtmpMessage.class, true);
        this.url = url;
        this.viewer = viewer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeCompletedEvent) {
            sendConnect(ctx);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage msg) {
        switch (msg.typeId()) {
            case MessageType.AUDIO, MessageType.VIDEO, MessageType.AGGREGATE -> {
                if (msg.content().isReadable()) {
                    viewer.media(msg.timestamp());
                }
            }
            case MessageType.COMMAND_AMF0, MessageType.COMMAND_AMF3 ->
                    onCommand(ctx, CommandMessage.decode(msg.typeId(), msg.content()));
            case MessageType.WINDOW_ACK_SIZE -> windowAckSize = WindowAckSize.decode(msg.content()).windowSize();
            case MessageType.USER_CONTROL -> onUserControl(ctx, msg);
            default -> {
                // SetChunkSize and Abort are applied by the chunk decoder; data messages (onMetaData,
                // |RtmpSampleAccess) and the server's peer bandwidth need nothing from a viewer.
            }
        }
        acknowledge(ctx);
    }

    /** Sends an Acknowledgement each time a window of bytes has arrived (RTMP spec 5.4.3), or servers stall. */
    private void acknowledge(ChannelHandlerContext ctx) {
        long received = viewer.bytes();
        if (windowAckSize > 0 && received - lastAckedBytes >= windowAckSize) {
            lastAckedBytes = received;
            ctx.writeAndFlush(new Acknowledgement(received & 0xFFFFFFFFL).toMessage(ctx.alloc()));
        }
    }

    private void sendConnect(ChannelHandlerContext ctx) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("app", url.app());
        properties.put("flashVer", "LNX 9,0,124,2");
        properties.put("tcUrl", url.tcUrl());
        properties.put("fpad", false);
        properties.put("capabilities", 15.0);
        properties.put("audioCodecs", 4071.0);
        properties.put("videoCodecs", 252.0);
        properties.put("videoFunction", 1.0);
        command(ctx, 0, COMMAND_CHUNK_STREAM, "connect", CONNECT_TRANSACTION, properties);
    }

    private void onCommand(ChannelHandlerContext ctx, CommandMessage command) {
        switch (command.name()) {
            case "_result" -> onResult(ctx, command);
            case "_error" -> fail(ctx, "_error: " + statusCode(command));
            case "onStatus" -> {
                Object info = command.arguments().isEmpty() ? null : command.arguments().get(0);
                if (info instanceof Map<?, ?> map && "error".equals(map.get("level"))) {
                    fail(ctx, "onStatus " + map.get("code"));
                }
            }
            default -> {
                // onBWDone, onFCSubscribe and the like ask nothing of a player.
            }
        }
    }

    private void onResult(ChannelHandlerContext ctx, CommandMessage command) {
        if (command.transactionId() == CONNECT_TRANSACTION) {
            command(ctx, 0, COMMAND_CHUNK_STREAM, "createStream", CREATE_STREAM_TRANSACTION, null);
        } else if (command.transactionId() == CREATE_STREAM_TRANSACTION) {
            // The stream id should be the first argument (RTMP spec 7.2.1.3); like ffmpeg, take the first number
            // so that a stray extra null before it does not stop the measurement.
            Double streamId = command.arguments().stream()
                    .filter(Double.class::isInstance).map(Double.class::cast).findFirst().orElse(null);
            if (streamId == null) {
                fail(ctx, "createStream returned no stream id: " + command.arguments());
                return;
            }
            int id = streamId.intValue();
            ctx.write(UserControl.setBufferLength(id, BUFFER_LENGTH_MILLIS).toMessage(ctx.alloc()));
            command(ctx, id, PLAY_CHUNK_STREAM, "play", 0, null, url.stream(), PLAY_START_ANY);
        }
    }

    private void onUserControl(ChannelHandlerContext ctx, RtmpMessage msg) {
        UserControl event;
        try {
            event = UserControl.decode(msg.content());
        } catch (RtmpMessageException e) {
            return; // events outside the spec (SWF verification, FMS buffer events) ask nothing of this player
        }
        // nginx-rtmp pings every minute by default and drops clients that do not answer.
        if (event.event() == UserControl.Event.PING_REQUEST) {
            ctx.writeAndFlush(UserControl.pingResponse(event.value()).toMessage(ctx.alloc()));
        }
    }

    private static void command(ChannelHandlerContext ctx, int messageStreamId, int chunkStreamId, String name,
            double transactionId, Object commandObject, Object... arguments) {
        ctx.writeAndFlush(new CommandMessage(name, transactionId, commandObject, Arrays.asList(arguments))
                .toMessage(ctx.alloc(), chunkStreamId, messageStreamId));
    }

    private static Object statusCode(CommandMessage command) {
        Object info = command.arguments().isEmpty() ? null : command.arguments().get(0);
        return info instanceof Map<?, ?> map ? map.get("code") : info;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        viewer.fail(reason);
        ctx.close();
    }
}
