package dev.liveplane.media.server.admin;

import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.RequestDeadline;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Builds the pipeline of an admin-port connection (health, metrics, drain). */
public final class AdminServerInitializer extends ChannelInitializer<SocketChannel> {

    private final NodeMetrics metrics;
    private final BooleanSupplier serving;
    private final NodeDrain drain;
    private final AdminCredentials credentials;
    private final Duration requestDeadline;

    public AdminServerInitializer(NodeMetrics metrics, BooleanSupplier serving, NodeDrain drain,
            AdminCredentials credentials, Duration requestDeadline) {
        this.metrics = metrics;
        this.serving = serving;
        this.drain = drain;
        this.credentials = credentials;
        this.requestDeadline = requestDeadline;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(4096))
                .addLast(RequestDeadline.perRequest(requestDeadline, "admin", FullHttpRequest.class::isInstance,
                        LastHttpContent.class::isInstance))
                .addLast(new AdminHandler(metrics, serving, drain, credentials));
    }
}
