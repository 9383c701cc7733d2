package dev.liveplane.bench.rtmp;

import dev.liveplane.bench.InboundMeter;
import dev.liveplane.bench.PlayUrl;
import dev.liveplane.bench.Viewer;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkEncoder;
import dev.liveplane.media.protocol.rtmp.handshake.RtmpClientHandshakeHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Builds the pipeline of one RTMP viewer: inbound meter, client handshake, chunk codec, play session. */
public final class RtmpViewerInitializer extends ChannelInitializer<SocketChannel> {

    private final PlayUrl url;
    private final Viewer viewer;
    private final int readLowWater;

    public RtmpViewerInitializer(PlayUrl url, Viewer viewer, int readLowWater) {
        this.url = url;
        this.viewer = viewer;
        this.readLowWater = readLowWater;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("meter", new InboundMeter(viewer, readLowWater))
                .addLast("handshake", new RtmpClientHandshakeHandler())
                .addLast("chunkDecoder", new RtmpChunkDecoder())
                .addLast("chunkEncoder", new RtmpChunkEncoder())
                .addLast("play", new RtmpPlayHandler(url, viewer));
    }
}
