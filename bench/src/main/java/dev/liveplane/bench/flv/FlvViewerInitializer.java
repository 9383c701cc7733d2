package dev.liveplane.bench.flv;

import dev.liveplane.bench.ByteCounter;
import dev.liveplane.bench.PlayUrl;
import dev.liveplane.bench.Viewer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;

/** Builds the pipeline of one HTTP-FLV viewer: byte counter, HTTP client codec, FLV play session. */
public final class FlvViewerInitializer extends ChannelInitializer<SocketChannel> {

    private final PlayUrl url;
    private final Viewer viewer;

    public FlvViewerInitializer(PlayUrl url, Viewer viewer) {
        this.url = url;
        this.viewer = viewer;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("bytes", new ByteCounter(viewer))
                .addLast("http", new HttpClientCodec())
                .addLast("play", new FlvPlayHandler(url, viewer));
    }
}
