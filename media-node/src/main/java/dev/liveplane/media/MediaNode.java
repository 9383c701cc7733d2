package dev.liveplane.media;

import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.server.AdmissionGate;
import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.admin.AdminServerInitializer;
import dev.liveplane.media.server.hls.HlsStreams;
import dev.liveplane.media.server.http.HttpServerInitializer;
import dev.liveplane.media.server.http.NodePath;
import dev.liveplane.media.server.relay.OriginLocator;
import dev.liveplane.media.server.relay.OriginRelays;
import dev.liveplane.media.server.relay.RelayMetrics;
import dev.liveplane.media.server.relay.RelaySettings;
import dev.liveplane.media.server.rtmp.RtmpPartialMemory;
import dev.liveplane.media.server.rtmp.RtmpServerInitializer;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.StreamEventListener;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamSink;
import dev.liveplane.media.server.usage.UsageMeter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running media node: its RTMP, player HTTP and admin listeners over one set of event loops. */
public final class MediaNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaNode.class);

    private final NodeSettings settings;
    private final NodeMetrics metrics;
    private final NodeDrain drain;
    private final StreamRegistry registry;
    private final HlsStreams hls;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> serverChannelType;
    private final Class<? extends SocketChannel> clientChannelType;
    private final RelayMetrics relayMetrics;
    private StreamRelays relays;
    /** Meters usage when set (a node under a control plane); null meters nothing. */
    private final UsageMeter usage;
    private final List<Channel> listeners = new ArrayList<>();
    private final NodePath nodePath = new NodePath();
    private volatile boolean serving;

    private MediaNode(NodeSettings settings, NodeMetrics metrics, StreamEventListener events, NodeDrain drain,
            List<StreamSink.Factory> sinks, UsageMeter usage) {
        this.settings = settings;
        this.usage = usage;
        this.metrics = metrics;
        this.drain = drain;
        this.hls = new HlsStreams(settings.hls(),
                Duration.ofMillis((long) settings.hls().targetDurationMs() * (settings.hls().windowSize() + 2)));
        List<StreamSink.Factory> allSinks = new ArrayList<>();
        allSinks.add(hls);
        allSinks.addAll(sinks);
        if (usage != null) {
            allSinks.add(usage.ingest());
        }
        this.registry = new StreamRegistry(settings.streams(), metrics, allSinks, events);
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.serverChannelType = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.clientChannelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        this.relayMetrics = new RelayMetrics(metrics.meterRegistry());
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        // One loop per core: a stream and its viewers spread over as few threads as can carry them.
        int workers = settings.workerThreads() > 0 ? settings.workerThreads()
                : Runtime.getRuntime().availableProcessors();
        this.workerGroup = new MultiThreadIoEventLoopGroup(workers, io);
    }

    /** Starts a node whose publishes and plays are decided by the given authorizers. */
    public static MediaNode start(NodeSettings settings, PublishAuthorizer publishAuthorizer,
            PlayAuthorizer playAuthorizer) throws InterruptedException {
        return start(settings, publishAuthorizer, playAuthorizer, StreamEventListener.NONE, new NodeDrain());
    }

    /**
     * Starts a node whose publishes and plays are decided by the given authorizers unless it drains, and whose
     * streams' starts and ends go to {@code events}.
     */
    public static MediaNode start(NodeSettings settings, PublishAuthorizer publishAuthorizer,
            PlayAuthorizer playAuthorizer, StreamEventListener events, NodeDrain drain) throws InterruptedException {
        return start(settings, publishAuthorizer, playAuthorizer, events, drain, OriginLocator.NONE, () -> null,
                RelaySettings.defaults());
    }

    /**
     * Starts a node as above that plays streams published on other nodes of the fleet by relaying them from there:
     * {@code origins} says where a stream is published, {@code relayTokens} signs the pulls (null while the node
     * has no fleet secret).
     */
    public static MediaNode start(NodeSettings settings, PublishAuthorizer publishAuthorizer,
            PlayAuthorizer playAuthorizer, StreamEventListener events, NodeDrain drain, OriginLocator origins,
            Supplier<StreamTokens> relayTokens, RelaySettings relaySettings) throws InterruptedException {
        return start(settings, publishAuthorizer, playAuthorizer, events, drain, origins, relayTokens, relaySettings,
                node -> List.of());
    }

    /**
     * Starts a node as above whose streams also feed the sinks {@code sinks} opens (beside HLS, which every node
     * has), given the node for its metrics: a recorder, a usage meter.
     */
    public static MediaNode start(NodeSettings settings, PublishAuthorizer publishAuthorizer,
            PlayAuthorizer playAuthorizer, StreamEventListener events, NodeDrain drain, OriginLocator origins,
            Supplier<StreamTokens> relayTokens, RelaySettings relaySettings,
            Function<NodeMetrics, List<StreamSink.Factory>> sinks) throws InterruptedException {
        return start(settings, publishAuthorizer, playAuthorizer, events, drain, origins, relayTokens, relaySettings,
                sinks, null);
    }

    /**
     * Starts a node as above that meters its usage into {@code usage} (null: meters nothing): bytes written to
     * players' sockets and relays, bytes published, viewers.
     */
    public static MediaNode start(NodeSettings settings, PublishAuthorizer publishAuthorizer,
            PlayAuthorizer playAuthorizer, StreamEventListener events, NodeDrain drain, OriginLocator origins,
            Supplier<StreamTokens> relayTokens, RelaySettings relaySettings,
            Function<NodeMetrics, List<StreamSink.Factory>> sinks, UsageMeter usage) throws InterruptedException {
        NodeMetrics metrics = new NodeMetrics();
        MediaNode node = new MediaNode(settings, metrics, events, drain, sinks.apply(metrics), usage);
        node.relays = origins == OriginLocator.NONE ? StreamRelays.NONE
                : new OriginRelays(node.registry, node.workerGroup, node.clientChannelType, origins, () -> {
                    StreamTokens tokens = relayTokens.get();
                    return tokens == null ? null : tokens::issueRelay;
                }, relaySettings, node.relayMetrics, settings.hls().targetDurationMs());
        AdmissionGate gate = new AdmissionGate(drain, node.metrics.viewers()::get, settings.maxViewers(),
                publishAuthorizer, playAuthorizer);
        publishAuthorizer = gate;
        playAuthorizer = gate;
        try {
            node.listen(settings.bindAddress(), settings.rtmpPort(), new RtmpServerInitializer(node.registry,
                    publishAuthorizer, playAuthorizer, settings.streams(), node.metrics, settings.idleTimeout(),
                    settings.rtmpMessages(), new RtmpPartialMemory(settings.rtmpMessages().nodeBytes(),
                            node.metrics.meterRegistry()), node.relays, usage));
            node.listen(settings.bindAddress(), settings.httpPort(), new HttpServerInitializer(node.registry,
                    node.hls, playAuthorizer, settings.streams(), node.metrics, settings.idleTimeout(), node.relays,
                    usage, node.nodePath));
            // The admin port is the operator's: it listens on its own address, loopback unless opened on purpose.
            node.listen(settings.admin().bindAddress(), settings.adminPort(), new AdminServerInitializer(
                    node.metrics, () -> node.serving, drain, settings.admin().credentials(), settings.idleTimeout()));
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
        node.serving = true;
        log.info("event=node_started rtmp={} http={} admin={} transport={}", node.rtmpPort(), node.httpPort(),
                node.adminAddress(), Epoll.isAvailable() ? "epoll" : "nio");
        return node;
    }

    private void listen(String address, int port, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException {
        NodeSettings.SocketSettings sockets = settings.sockets();
        ServerBootstrap bootstrap = new ServerBootstrap();
        if (sockets.sendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, sockets.sendBufferBytes());
        }
        // Past the high mark a viewer's socket stops taking writes; its own queue then absorbs (and drops) media.
        Channel channel = bootstrap
                .group(bossGroup, workerGroup)
                .channel(serverChannelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(sockets.writeBufferLowMark(), sockets.writeBufferHighMark()))
                .childHandler(initializer)
                .bind(address, port)
                .sync()
                .channel();
        listeners.add(channel);
    }

    /** How this node names itself in the HLS URIs it hands out, so a CDN sends a viewer's next requests back here. */
    public NodePath nodePath() {
        return nodePath;
    }

    public int rtmpPort() {
        return port(0);
    }

    public int httpPort() {
        return port(1);
    }

    public int adminPort() {
        return port(2);
    }

    /** Where the admin listener is bound (loopback unless the settings say otherwise). */
    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) listeners.get(2).localAddress();
    }

    private int port(int index) {
        return ((InetSocketAddress) listeners.get(index).localAddress()).getPort();
    }

    public StreamRegistry registry() {
        return registry;
    }

    /** The node's HLS segmenters, live and recently ended. */
    public HlsStreams hls() {
        return hls;
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    public RelayMetrics relayMetrics() {
        return relayMetrics;
    }

    public NodeDrain drain() {
        return drain;
    }

    /** The node's usage meter, or null when it meters nothing. */
    public UsageMeter usage() {
        return usage;
    }

    @Override
    public void close() {
        serving = false;
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        registry.releaseAfterShutdown();
        hls.releaseAll();
        log.info("event=node_stopped");
    }
}
