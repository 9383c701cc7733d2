package dev.liveplane.media;

import dev.liveplane.media.auth.DomainsFile;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.auth.HlsSessions;
import dev.liveplane.media.auth.SignedUrlAuthorizer;
import dev.liveplane.media.server.stream.OpenAuthorizer;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point of the media node. */
@Command(name = "media-node", mixinStandardHelpOptions = true,
        description = "Liveplane media node: RTMP ingest and play, HTTP-FLV and HLS delivery.")
public final class MediaNodeMain implements Callable<Integer> {

    @Option(names = "--standalone", description = "Run without a control plane, on --domains FILE if given, "
            + "else accepting any stream.")
    boolean standalone;

    @Option(names = "--domains", paramLabel = "FILE", description = "YAML or JSON file of domains and signing keys; "
            + "every publish and play must then carry a valid signed URL.")
    Path domainsFile;

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
        PublishAuthorizer publishAuthorizer;
        PlayAuthorizer playAuthorizer;
        if (domainsFile == null) {
            OpenAuthorizer open = new OpenAuthorizer();
            publishAuthorizer = open;
            playAuthorizer = open;
        } else {
            SignedUrlAuthorizer signed;
            try {
                signed = signedUrlAuthorizer(DomainsFile.load(domainsFile));
            } catch (DomainsFile.InvalidDomainsFileException | IOException e) {
                System.err.println("media-node: cannot use --domains " + domainsFile + ": " + e.getMessage());
                return 2;
            }
            publishAuthorizer = signed;
            playAuthorizer = signed;
        }
        MediaNode node = MediaNode.start(settings, publishAuthorizer, playAuthorizer);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private static SignedUrlAuthorizer signedUrlAuthorizer(DomainsFile file) {
        byte[] secret = file.hlsSessionSecret();
        if (secret == null) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret); // sessions then last until this node restarts
        }
        Clock clock = Clock.systemUTC();
        return new SignedUrlAuthorizer(file::snapshot, new HlsSessions(secret, file.hlsSessionTtl(), clock),
                FailureThrottle.defaults(), clock);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MediaNodeMain()).execute(args));
    }
}
