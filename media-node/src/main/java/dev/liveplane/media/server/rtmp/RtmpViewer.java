package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.stream.TrackInfo;
import dev.liveplane.media.server.stream.Viewer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An RTMP play session as a viewer of a live stream: shared pre-chunked media, status messages at the end. */
final class RtmpViewer extends Viewer {

    private static final Logger log = LoggerFactory.getLogger(RtmpViewer.class);

    private final RtmpReplies replies;
    private final String streamLabel;

    RtmpViewer(Channel channel, StreamSettings settings, NodeMetrics metrics, RtmpReplies replies,
            String streamLabel, String domain) {
        super(channel, RtmpFrameEncoder.INSTANCE, settings, metrics, metrics.rtmpBytesOut(), domain);
        this.replies = replies;
        this.streamLabel = streamLabel;
    }

    @Override
    protected ByteBuf preamble(TrackInfo tracks) {
        return null; // StreamBegin and the play status messages were already sent by the session
    }

    @Override
    protected void writeEndOfStream() {
        // ffmpeg and librtmp treat UnpublishNotify / Play.Stop as end of stream (rtmpproto.c handle_invoke_status).
        Channel channel = channel();
        channel.write(replies.streamEof(RtmpFrameEncoder.PLAY_MESSAGE_STREAM));
        channel.write(replies.onStatus(RtmpFrameEncoder.PLAY_MESSAGE_STREAM, "status",
                "NetStream.Play.UnpublishNotify", streamLabel + " is now unpublished."));
        channel.writeAndFlush(replies.onStatus(RtmpFrameEncoder.PLAY_MESSAGE_STREAM, "status",
                "NetStream.Play.Stop", "Stopped playing " + streamLabel + "."))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    protected void onSlowDisconnect(String reason) {
        log.info("event=slow_viewer_disconnected protocol=rtmp conn={} stream={} reason=\"{}\"",
                channel().id().asShortText(), streamLabel, reason);
    }
}
