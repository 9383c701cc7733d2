package dev.liveplane.media.server.rtmp;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.api.streamkey.StreamKeyCredential;
import dev.liveplane.media.protocol.amf0.Amf0;
import dev.liveplane.media.protocol.rtmp.chunk.MessageBudgetException;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.SetChunkSize;
import dev.liveplane.media.protocol.rtmp.message.SetPeerBandwidth;
import dev.liveplane.media.protocol.rtmp.message.WindowAckSize;
import dev.liveplane.media.server.AdmissionGate;
import dev.liveplane.media.server.ConnectionErrors;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.Publisher;
import dev.liveplane.media.server.stream.StreamAddressException;
import dev.liveplane.media.server.stream.StreamBusyException;
import dev.liveplane.media.server.stream.StreamNames;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.usage.ConnectionMeter;
import dev.liveplane.media.server.usage.Metered;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one RTMP connection after the handshake: answers the OBS/ffmpeg command sequence (connect, releaseStream,
 * FCPublish, createStream, publish or play, FCUnpublish, deleteStream), feeds a publisher's media into its
 * {@link LiveStream} and attaches a player as an {@link RtmpViewer}. The last handler of the pipeline: it logs and
 * closes on any error.
 */
public final class RtmpSessionHandler extends SimpleChannelInboundHandler<RtmpMessage> {

    private static final Logger log = LoggerFactory.getLogger(RtmpSessionHandler.class);
    private static final long SERVER_WINDOW_ACK_SIZE = 2_500_000;
    private static final String CLOSED_FOR_BAD_INPUT =
            "event=rtmp_connection_closed conn={} remote={} state={} reason=\"{}\"";
    /** ffmpeg prints an error status's description ("Server error: ..."), so it says what to do. */
    private static final String DRAINING = "Server is draining; connect again to reach another node.";
    private static final String FULL = "Server is full; connect again to reach another node.";

    private enum State { HANDSHAKEN, CONNECTED, AUTHORIZING, PUBLISHING, PLAYING, CLOSING }

    private final RtmpFlowControl flowControl;
    private final RtmpMessageBudget budget;
    private final StreamRegistry registry;
    private final PublishAuthorizer publishAuthorizer;
    private final PlayAuthorizer playAuthorizer;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final StreamRelays relays;

    private ChannelHandlerContext ctx;
    private RtmpReplies replies;
    private State state = State.HANDSHAKEN;
    private RtmpConnect connect;
    private LiveStream publishing;
    private RtmpViewer viewer;

    RtmpSessionHandler(RtmpChunkDecoder chunkDecoder, RtmpMessageBudget budget, StreamRegistry registry,
            PublishAuthorizer publishAuthorizer, PlayAuthorizer playAuthorizer, StreamSettings settings,
            NodeMetrics metrics, StreamRelays relays) {
        super(RtmpMessage.class, true);
        this.relays = relays;
        this.flowControl = new RtmpFlowControl(chunkDecoder, metrics);
        this.budget = budget;
        this.registry = registry;
        this.publishAuthorizer = publishAuthorizer;
        this.playAuthorizer = playAuthorizer;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.replies = new RtmpReplies(ctx.alloc());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        metrics.rtmpConnections().incrementAndGet();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage msg) {
        flowControl.messageRead(ctx);
        switch (msg.typeId()) {
            case MessageType.AUDIO, MessageType.VIDEO -> onMedia(msg);
            case MessageType.DATA_AMF0, MessageType.DATA_AMF3 -> onData(msg);
            case MessageType.COMMAND_AMF0, MessageType.COMMAND_AMF3 ->
                    onCommand(CommandMessage.decode(msg.typeId(), msg.content()), msg);
            case MessageType.WINDOW_ACK_SIZE -> flowControl.windowAckSize(msg.content());
            case MessageType.USER_CONTROL -> flowControl.userControl(ctx, msg.content());
            default -> {
                // SetChunkSize and Abort are applied by the chunk decoder; acknowledgements and peer bandwidth
                // need no answer; aggregate messages are only sent by server-to-server relays.
            }
        }
    }

    private void onMedia(RtmpMessage msg) {
        if (state == State.PUBLISHING) {
            RtmpIngest.media(publishing, msg);
        }
    }

    private void onData(RtmpMessage msg) {
        if (state == State.PUBLISHING) {
            RtmpIngest.data(publishing, msg, ctx.alloc());
        }
    }

    private void onCommand(CommandMessage command, RtmpMessage msg) {
        switch (command.name()) {
            case "connect" -> onConnect(command);
            case "releaseStream", "FCPublish", "FCSubscribe", "_checkbw" ->
                    ctx.writeAndFlush(replies.result(command.transactionId(), Amf0.UNDEFINED));
            // A live stream has no length; 0 tells ffmpeg so (rtmpproto.c reads a number here).
            case "getStreamLength" -> ctx.writeAndFlush(replies.result(command.transactionId(), 0.0));
            case "createStream" -> ctx.writeAndFlush(
                    replies.result(command.transactionId(), (double) RtmpFrameEncoder.PLAY_MESSAGE_STREAM));
            case "publish" -> onPublish(command, msg.messageStreamId());
            case "play" -> onPlay(command, msg.messageStreamId());
            case "FCUnpublish", "deleteStream", "closeStream" -> endPublishing();
            default -> log.debug("event=rtmp_command_ignored conn={} name={}", connId(), command.name());
        }
    }

    private void onConnect(CommandMessage command) {
        if (state != State.HANDSHAKEN) {
            fail("connect received twice");
            return;
        }
        Map<?, ?> properties = command.commandObject() instanceof Map<?, ?> map ? map : Map.of();
        connect = RtmpConnect.of(properties);
        String badApp = connect.appRefusal();
        if (badApp != null) {
            rejectConnection(command, "NetConnection.Connect.Rejected", badApp);
            return;
        }
        state = State.CONNECTED;
        budget.connected();
        double objectEncoding = properties.get("objectEncoding") instanceof Double d ? d : 0.0;
        ctx.write(new WindowAckSize(SERVER_WINDOW_ACK_SIZE).toMessage(ctx.alloc()));
        ctx.write(new SetPeerBandwidth(SERVER_WINDOW_ACK_SIZE, SetPeerBandwidth.LimitType.DYNAMIC)
                .toMessage(ctx.alloc()));
        ctx.write(new SetChunkSize(RtmpFrameEncoder.RTMP_CHUNK_SIZE).toMessage(ctx.alloc()));
        ctx.writeAndFlush(replies.connectSuccess(command.transactionId(), objectEncoding));
    }

    private void onPublish(CommandMessage command, int messageStreamId) {
        StreamRequest request = streamRequest(command, "publish");
        if (request == null) {
            return;
        }
        state = State.AUTHORIZING;
        whenAuthorized(publishAuthorizer.authorizePublish(request), request, "publish", decision -> {
            if (!decision.allowed()) {
                switch (decision.refusal()) {
                    case FORBIDDEN -> refuse(messageStreamId, "NetStream.Publish.Rejected",
                            "Publishing is forbidden.", request, decision.reason());
                    case UNAVAILABLE -> refuse(messageStreamId, "NetStream.Publish.Rejected", DRAINING, request,
                            decision.reason());
                    default -> refuse(messageStreamId, "NetStream.Publish.Unauthorized",
                            "Publishing is not authorized.", request, decision.reason());
                }
                return;
            }
            try {
                publishing = registry.publish(decision, ctx.channel().eventLoop(), new SessionPublisher());
            } catch (StreamBusyException e) {
                refuse(messageStreamId, "NetStream.Publish.BadName", "Stream already publishing.", request,
                        "another publisher is live");
                return;
            }
            state = State.PUBLISHING;
            budget.publishing();
            log.info("event=publish_start conn={} remote={} stream={}", connId(), ctx.channel().remoteAddress(),
                    decision.stream());
            ctx.writeAndFlush(replies.onStatus(messageStreamId, "status", "NetStream.Publish.Start",
                    decision.stream().stream() + " is now published."));
        });
    }

    private void onPlay(CommandMessage command, int messageStreamId) {
        StreamRequest request = streamRequest(command, "play");
        if (request == null) {
            return;
        }
        state = State.AUTHORIZING;
        whenAuthorized(playAuthorizer.authorizePlay(request), request, "play", decision -> {
            if (!decision.allowed()) {
                String description = switch (decision.refusal()) {
                    case FORBIDDEN -> "Playing is forbidden.";
                    case UNAVAILABLE -> AdmissionGate.FULL.equals(decision.reason()) ? FULL : DRAINING;
                    default -> "Playing is not authorized.";
                };
                refuse(messageStreamId, "NetStream.Play.Failed", description, request, decision.reason());
                return;
            }
            LiveStream local = registry.find(decision.stream(), decision.owner()).orElse(null);
            if (local != null) {
                startPlaying(local, decision, request, messageStreamId);
                return;
            }
            // Not live here: the stream may be published on another node of the fleet, relayed here on demand.
            relays.relay(decision).whenComplete((relayed, error) -> ctx.executor().execute(() -> {
                if (!ctx.channel().isActive()) {
                    return;
                }
                if (error == null && relayed.isPresent()) {
                    startPlaying(relayed.get(), decision, request, messageStreamId);
                } else {
                    refuse(messageStreamId, "NetStream.Play.StreamNotFound", "Stream not found.", request,
                            "stream is not being published");
                }
            }));
        });
    }

    private void startPlaying(LiveStream stream, AuthDecision decision, StreamRequest request,
            int messageStreamId) {
        state = State.PLAYING;
        String label = request.key().stream();
        ctx.write(replies.streamBegin(messageStreamId));
        ctx.write(replies.onStatus(messageStreamId, "status", "NetStream.Play.Reset", "Playing and resetting "
                + label + "."));
        ctx.write(replies.onStatus(messageStreamId, "status", "NetStream.Play.Start", "Started playing "
                + label + "."));
        ctx.writeAndFlush(replies.sampleAccess());
        viewer = new RtmpViewer(ctx.channel(), settings, metrics, replies, decision.stream().toString(),
                request.key().domain());
        ConnectionMeter.playing(ctx.channel(), decision, request.key().domain(), Metered.RTMP);
        log.info("event=play_start protocol=rtmp conn={} remote={} stream={}", connId(),
                ctx.channel().remoteAddress(), decision.stream());
        stream.addViewer(viewer);
    }

    /** Parses the stream name of publish/play into a request, or fails the connection. */
    private StreamRequest streamRequest(CommandMessage command, String action) {
        if (state != State.CONNECTED) {
            fail(action + " in state " + state);
            return null;
        }
        List<Object> args = command.arguments();
        if (args.isEmpty() || !(args.get(0) instanceof String rawName) || rawName.isBlank()) {
            fail(action + " without a stream name");
            return null;
        }
        try {
            return connect.request(rawName, ctx.channel().remoteAddress());
        } catch (StreamAddressException e) {
            fail(action + " refused: " + e.getMessage());
            return null;
        }
    }

    private void whenAuthorized(CompletionStage<AuthDecision> verdict, StreamRequest request, String action,
            Consumer<AuthDecision> then) {
        verdict.whenComplete((decision, error) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (error != null) {
                log.warn("event=authorizer_failed conn={} action={} stream={} error=\"{}\"", connId(), action,
                        loggable(request), error.toString());
                then.accept(AuthDecision.deny("authorizer failed"));
            } else {
                then.accept(decision);
            }
        }));
    }

    private void refuse(int messageStreamId, String code, String description, StreamRequest request,
            String reason) {
        log.info("event=refused conn={} remote={} stream={} code={} reason=\"{}\"", connId(),
                ctx.channel().remoteAddress(), loggable(request), code, reason);
        state = State.CLOSING;
        ctx.writeAndFlush(replies.onStatus(messageStreamId, "error", code, description))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** The request's stream for a log: a persistent stream key, good until revoked, loses its secret. */
    private static String loggable(StreamRequest request) {
        StreamKey key = request.key();
        return new StreamKey(key.domain(), key.app(), StreamKeyCredential.redact(key.stream())).toString();
    }

    private void rejectConnection(CommandMessage command, String code, String description) {
        log.info("event=connect_rejected conn={} remote={} reason=\"{}\"", connId(), ctx.channel().remoteAddress(),
                description);
        state = State.CLOSING;
        ctx.writeAndFlush(replies.error(command.transactionId(), code, description))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void endPublishing() {
        if (publishing != null) {
            log.info("event=publish_stop conn={} stream={}", connId(), publishing.key());
            publishing.end();
            publishing = null;
            state = State.CONNECTED;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (viewer != null && ctx.channel().isWritable()) {
            viewer.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && state != State.PLAYING) {
            log.info("event=idle_timeout conn={} remote={} state={}", connId(), ctx.channel().remoteAddress(),
                    state);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        metrics.rtmpConnections().decrementAndGet();
        endPublishing();
        if (viewer != null) {
            viewer.close();
            viewer = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ConnectionErrors.peerWentAway(ctx, cause, "rtmp")
                || ConnectionErrors.allocationFailed(ctx, cause, "rtmp")) {
            return;
        }
        Throwable reason = ConnectionErrors.reason(cause);
        if (reason instanceof MessageBudgetException) {
            budget.refused();
        }
        if (ConnectionErrors.badInput(ctx, log, CLOSED_FOR_BAD_INPUT, connId(), ctx.channel().remoteAddress(), state,
                reason.toString())) {
            metrics.protocolError();
        }
        ctx.close();
    }

    private void fail(String reason) {
        if (ConnectionErrors.badInput(ctx, log, CLOSED_FOR_BAD_INPUT, connId(), ctx.channel().remoteAddress(), state,
                reason)) {
            metrics.protocolError();
        }
        state = State.CLOSING;
        ctx.close();
    }

    private String connId() {
        return ctx.channel().id().asShortText();
    }

    /** This session as the registry's publisher: eviction closes the connection. */
    private final class SessionPublisher implements Publisher {
        @Override
        public void evict(String reason) {
            log.info("event=publisher_evicted conn={} reason=\"{}\"", connId(), reason);
            ctx.channel().close(); // Channel.close is safe from any thread: Netty runs it on the channel's loop
        }

        @Override
        public String clientAddress() {
            return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress inet
                    && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
        }
    }
}
