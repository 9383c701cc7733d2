package dev.liveplane.media.server.http;

import dev.liveplane.media.protocol.flv.FlvHeader;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.stream.TrackInfo;
import dev.liveplane.media.server.stream.Viewer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP-FLV response as a viewer of a live stream: the FLV header (its audio/video flags matching the real tracks,
 * which mpegts.js needs to start), then shared pre-framed chunks of FLV tags, then the terminating chunk.
 */
final class HttpFlvViewer extends Viewer {

    private static final Logger log = LoggerFactory.getLogger(HttpFlvViewer.class);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String streamLabel;
    private final boolean relay;

    HttpFlvViewer(Channel channel, StreamSettings settings, NodeMetrics metrics, String streamLabel, String domain,
            boolean relay) {
        super(channel, HttpFlvFrameEncoder.INSTANCE, settings, metrics, metrics.flvBytesOut(), domain);
        this.streamLabel = streamLabel;
        this.relay = relay;
    }

    @Override
    public boolean relay() {
        return relay;
    }

    @Override
    protected ByteBuf preamble(TrackInfo tracks) {
        ByteBuf header = channel().alloc().buffer(32);
        header.writeCharSequence(Integer.toHexString(FlvHeader.LENGTH) + "\r\n",
                StandardCharsets.US_ASCII);
        FlvHeader.write(header, tracks.hasAudio(), tracks.hasVideo());
        header.writeByte('\r').writeByte('\n');
        return header;
    }

    @Override
    protected void writeEndOfStream() {
        channel().writeAndFlush(Unpooled.wrappedBuffer(LAST_CHUNK)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    protected void onSlowDisconnect(String reason) {
        log.info("event=slow_viewer_disconnected protocol=http-flv conn={} stream={} reason=\"{}\"",
                channel().id().asShortText(), streamLabel, reason);
    }
}
