package dev.liveplane.media.server.admin;

import dev.liveplane.media.server.NodeMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.BooleanSupplier;

/** Builds the pipeline of an admin-port connection (health and metrics). */
public final class AdminServerInitializer extends ChannelInitializer<SocketChannel> {

    private final NodeMetrics metrics;
    private final BooleanSupplier serving;

    public AdminServerInitializer(NodeMetrics metrics, BooleanSupplier serving) {
        this.metrics = metrics;
        this.serving = serving;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(4096))
                .addLast(new AdminHandler(metrics, serving));
    }
}
