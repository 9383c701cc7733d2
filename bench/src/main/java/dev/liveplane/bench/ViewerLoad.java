package dev.liveplane.bench;

import dev.liveplane.bench.flv.FlvViewerInitializer;
import dev.liveplane.bench.rtmp.RtmpViewerInitializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line entry point: holds N concurrent RTMP or HTTP-FLV viewers of one stream and reports how they fared. */
@Command(name = "viewer-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Holds N concurrent viewers of one live stream from one process on one event loop thread, then "
                + "prints a report and, as its last line, the same numbers as one JSON object.")
public final class ViewerLoad implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "<url>",
            description = "rtmp://host[:port]/app/stream[?query] or http://host[:port]/app/stream.flv[?query]")
    String url;

    @Option(names = "--viewers", defaultValue = "100", paramLabel = "<n>", description = "Concurrent viewers (default: ${DEFAULT-VALUE}).")
    int viewers;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "<seconds>",
            description = "Seconds of the measured window, after ramp and warm-up (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--ramp-per-second", defaultValue = "200", paramLabel = "<n>",
            description = "New connections per second while ramping up (default: ${DEFAULT-VALUE}).")
    int rampPerSecond;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "<seconds>",
            description = "Seconds between the last connect and the measured window (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--read-low-water", defaultValue = "32768", paramLabel = "<bytes>",
            description = "Once media flows, bytes the kernel gathers before waking the generator (SO_RCVLOWAT); 0 "
                    + "reads every message as it comes (default: ${DEFAULT-VALUE}, ~250 ms of a 1 Mbit/s stream).")
    int readLowWater;

    @Override
    public Integer call() throws Exception {
        if (viewers < 1 || durationSeconds < 1 || rampPerSecond < 1 || warmupSeconds < 0 || readLowWater < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--viewers, --duration and --ramp-per-second must be at least 1, --warmup and --read-low-water at least 0");
        }
        PlayUrl play;
        try {
            play = PlayUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Function<Viewer, ChannelHandler> initializer = play.rtmp()
                ? viewer -> new RtmpViewerInitializer(play, viewer, readLowWater)
                : viewer -> new FlvViewerInitializer(play, viewer, readLowWater);
        boolean epoll = Epoll.isAvailable();
        if (!epoll) {
            System.err.println("viewer-load: epoll unavailable, falling back to NIO: " + Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // One thread: the generator must stay light enough to share a 2-core box with the server it measures.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
        try {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .remoteAddress(new InetSocketAddress(play.host(), play.port()));
            LoadRun run = new LoadRun(group.next(), bootstrap, initializer, url, viewers, rampPerSecond,
                    TimeUnit.SECONDS.toNanos(warmupSeconds), TimeUnit.SECONDS.toNanos(durationSeconds), System.err);
            LoadReport report = run.start().get();
            System.out.print(report.toText());
            System.out.println(report.toJson());
            return report.connected() == 0 ? 1 : 0;
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    public static void main(String[] args) {
        // The protocol classes never log; keep Netty's own few lines on java.util.logging instead of SLF4J.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        // Leak sampling records stack traces on the hot path; the generator must stay light (override with -D).
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        System.exit(new CommandLine(new ViewerLoad()).execute(args));
    }
}
