package dev.liveplane.media;

import dev.liveplane.media.server.stream.OpenAuthorizer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point of the media node. */
@Command(name = "media-node", mixinStandardHelpOptions = true,
        description = "Liveplane media node: RTMP ingest and play, HTTP-FLV and HLS delivery.")
public final class MediaNodeMain implements Callable<Integer> {

    @Option(names = "--standalone", description = "Run without a control plane (any stream is accepted).")
    boolean standalone;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--rtmp-port", defaultValue = "1935", description = "RTMP port (default: ${DEFAULT-VALUE}).")
    int rtmpPort;

    @Option(names = "--http-port", defaultValue = "8081",
            description = "HTTP-FLV and HLS port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--admin-port", defaultValue = "9091",
            description = "Health and metrics port (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Override
    public Integer call() throws Exception {
        if (!standalone) {
            System.err.println("media-node: no control plane is configured yet; start with --standalone");
            return 2;
        }
        NodeSettings settings = NodeSettings.defaults().withBindAddress(bind).withPorts(rtmpPort, httpPort, adminPort);
        OpenAuthorizer open = new OpenAuthorizer();
        MediaNode node = MediaNode.start(settings, open, open);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MediaNodeMain()).execute(args));
    }
}
