package dev.liveplane.bench.flv;

import dev.liveplane.bench.InboundMeter;
import dev.liveplane.bench.PlayUrl;
import dev.liveplane.bench.Viewer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;

/** Builds the pipeline of one HTTP-FLV viewer: inbound meter, HTTP client codec, FLV play session. */
public final class FlvViewerInitializer extends ChannelInitializer<SocketChannel> {

    private final PlayUrl url;
    private final Viewer viewer;
    private final int readLowWater;

    public FlvViewerInitializer(PlayUrl url, Viewer viewer, int readLowWater) {
        this.url = url;
        this.viewer = viewer;
        this.readLowWater = readLowWater;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("meter", new InboundMeter(viewer, readLowWater))
                .addLast("http", new HttpClientCodec())
                .addLast("play", new FlvPlayHandler(url, viewer));
    }
}
