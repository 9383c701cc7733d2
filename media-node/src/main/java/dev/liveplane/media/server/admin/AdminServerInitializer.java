package dev.liveplane.media.server.admin;

import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.NodeMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.BooleanSupplier;

/** Builds the pipeline of an admin-port connection (health, metrics, drain). */
public final class AdminServerInitializer extends ChannelInitializer<SocketChannel> {

    private final NodeMetrics metrics;
    private final BooleanSupplier serving;
    private final NodeDrain drain;

    public AdminServerInitializer(NodeMetrics metrics, BooleanSupplier serving, NodeDrain drain) {
        this.metrics = metrics;
        this.serving = serving;
        this.drain = drain;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(4096))
                .addLast(new AdminHandler(metrics, serving, drain));
    }
}
