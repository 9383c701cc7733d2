package dev.liveplane.bench.rtmp;

import dev.liveplane.bench.ByteCounter;
import dev.liveplane.bench.PlayUrl;
import dev.liveplane.bench.Viewer;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkEncoder;
import dev.liveplane.media.protocol.rtmp.handshake.RtmpClientHandshakeHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Builds the pipeline of one RTMP viewer: byte counter, client handshake, chunk codec, play session. */
public final class RtmpViewerInitializer extends ChannelInitializer<SocketChannel> {

    private final PlayUrl url;
    private final Viewer viewer;

    public RtmpViewerInitializer(PlayUrl url, Viewer viewer) {
        this.url = url;
        this.viewer = viewer;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("bytes", new ByteCounter(viewer))
                .addLast("handshake", new RtmpClientHandshakeHandler())
                .addLast("chunkDecoder", new RtmpChunkDecoder())
                .addLast("chunkEncoder", new RtmpChunkEncoder())
                .addLast("play", new RtmpPlayHandler(url, viewer));
    }
}
