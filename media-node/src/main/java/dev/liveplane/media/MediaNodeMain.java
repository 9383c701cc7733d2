package dev.liveplane.media;

import dev.liveplane.media.auth.DomainsFile;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.auth.SignedUrlAuthorizer;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.fleet.StateDir;
import dev.liveplane.media.server.admin.AdminCredentials;
import dev.liveplane.media.server.admin.AdminSettings;
import dev.liveplane.media.server.http.NodePath;
import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.relay.OriginLocator;
import dev.liveplane.media.server.relay.RelaySettings;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.OpenAuthorizer;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.StreamEventListener;
import dev.liveplane.media.server.usage.UsageFlusher;
import dev.liveplane.media.server.usage.UsageMeter;
import dev.liveplane.media.server.usage.UsageMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Command line entry point of the media node. */
@Command(name = "media-node", mixinStandardHelpOptions = true,
        description = "Liveplane media node: RTMP ingest and play, HTTP-FLV and HLS delivery.")
public final class MediaNodeMain implements Callable<Integer> {

    private static final int MIN_ADMIN_TOKEN = 24;

    @Option(names = "--standalone", description = "Run without a control plane, on --domains FILE if given, "
            + "else accepting any stream. Without it, --control-plane is required.")
    boolean standalone;

    @Option(names = "--domains", paramLabel = "FILE", description = "YAML or JSON file of domains and signing keys; "
            + "every publish and play must then carry a valid signed URL.")
    Path domainsFile;

    @Option(names = "--node-key", paramLabel = "KEY", defaultValue = "${env:LIVEPLANE_NODE_KEY}",
            description = "With --standalone: the name this node gives itself in the HLS URIs it hands out "
                    + "(/_n/KEY/...), one lower-case DNS label, for a CDN that routes /_n/KEY/ to it. Under a control "
                    + "plane the node's id is its name.")
    String nodeKey;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "Address the RTMP and HTTP ports listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--admin-address", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the admin port listens on (default: ${DEFAULT-VALUE}); open it wider only "
                    + "behind a firewall that keeps players out.")
    String adminAddress;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:LIVEPLANE_NODE_ADMIN_TOKEN}",
            description = "The operator's token for POST/DELETE /drain on the admin port, besides the node's own "
                    + "(admin-token in --state-dir); at least 24 characters. Prefer the LIVEPLANE_NODE_ADMIN_TOKEN "
                    + "environment variable, which other users cannot read from the process list.")
    String adminToken;

    @Option(names = "--rtmp-port", defaultValue = "1935", description = "RTMP port (default: ${DEFAULT-VALUE}).")
    int rtmpPort;

    @Option(names = "--http-port", defaultValue = "8081",
            description = "HTTP-FLV and HLS port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--admin-port", defaultValue = "9091",
            description = "Health and metrics port (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--control-plane", paramLabel = "URL",
            description = "Control plane to register with and take configuration from, e.g. http://cp:8080.")
    URI controlPlane;

    @Option(names = "--bootstrap-token", paramLabel = "TOKEN", defaultValue = "${env:LIVEPLANE_BOOTSTRAP_TOKEN}",
            description = "Node bootstrap token (lpb_...); prefer the LIVEPLANE_BOOTSTRAP_TOKEN environment "
                    + "variable, which other users cannot read from the process list.")
    String bootstrapToken;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".liveplane-node",
            description = "Where the node keeps its own admin token and, under a control plane, its identity and "
                    + "last config snapshot (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--event-spool-mb", paramLabel = "MB", defaultValue = "64",
            description = "Disk the stream events waiting for the control plane may take under --state-dir "
                    + "(spool/events); past it new events are counted and logged, not kept "
                    + "(default: ${DEFAULT-VALUE}).")
    long eventSpoolMegabytes;

    @Option(names = "--recording-spool-mb", paramLabel = "MB", defaultValue = "2048",
            description = "Disk the recordings being written and waiting for the bucket may take under --state-dir "
                    + "(spool/recordings); past it the node stops recording the stream that needs more, says so "
                    + "(record_failed) and keeps serving it (default: ${DEFAULT-VALUE}).")
    long recordingSpoolMegabytes;

    @Option(names = "--advertise-address", paramLabel = "ADDR",
            description = "IP address players reach this node at; default: the address the control plane sees.")
    String advertiseAddress;

    @Option(names = "--region", defaultValue = "local", description = "The node's region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--max-viewers", defaultValue = "0",
            description = "RTMP and HTTP-FLV viewers the node takes before it turns new ones away (503 / "
                    + "NetStream.Play.Failed), also reported to the control plane; 0 for no limit.")
    int maxViewers;

    @Option(names = "--drain-grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "On SIGTERM, seconds running sessions may carry on after the node starts draining "
                    + "(default: ${DEFAULT-VALUE}).")
    long drainGraceSeconds;

    @Option(names = "--merge-writes", paramLabel = "MILLIS", defaultValue = "0",
            description = "Let each viewer's live frames wait up to MILLIS and write them to its socket together: "
                    + "fewer system calls, so less CPU per viewer, for up to MILLIS more delay (SRS's mw_latency). "
                    + "0 writes every frame as it arrives (default: ${DEFAULT-VALUE}). A new viewer's start is "
                    + "never held.")
    long mergeWritesMillis;

    @Option(names = "--usage-metering", paramLabel = "on|off", defaultValue = "on",
            description = "Meter bytes to players, relays and from publishers, viewer-seconds and peak viewers: "
                    + "under a control plane reported durably (spool/usage in --state-dir), standalone on the admin "
                    + "port's /metrics only (default: ${DEFAULT-VALUE}).")
    String usageMetering;

    @Option(names = "--usage-flush-seconds", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often metered usage becomes records, 1 to 300; a node killed with kill -9 loses at "
                    + "most this much (default: ${DEFAULT-VALUE}).")
    int usageFlushSeconds;

    @Override
    public Integer call() throws Exception {
        if (!"on".equals(usageMetering) && !"off".equals(usageMetering)) {
            System.err.println("media-node: --usage-metering must be on or off, not " + usageMetering);
            return 2;
        }
        if (usageFlushSeconds < 1 || usageFlushSeconds > 300) {
            System.err.println("media-node: --usage-flush-seconds must be 1 to 300, not " + usageFlushSeconds);
            return 2;
        }
        if (mergeWritesMillis < 0 || mergeWritesMillis > 5_000) {
            System.err.println("media-node: --merge-writes must be 0 to 5000 milliseconds, not " + mergeWritesMillis);
            return 2;
        }
        if (adminToken != null && !adminToken.isBlank() && adminToken.strip().length() < MIN_ADMIN_TOKEN) {
            System.err.println("media-node: --admin-token (LIVEPLANE_NODE_ADMIN_TOKEN) must be at least "
                    + MIN_ADMIN_TOKEN + " characters");
            return 2;
        }
        if (nodeKey != null && nodeKey.isBlank()) {
            nodeKey = null; // an empty LIVEPLANE_NODE_KEY is an unset one
        }
        if (nodeKey != null && (!standalone || !NodePath.isKey(nodeKey))) {
            System.err.println("media-node: --node-key (LIVEPLANE_NODE_KEY) is for --standalone and must be one "
                    + "lower-case DNS label (a-z, 0-9, inner '-', at most 63), not " + nodeKey);
            return 2;
        }
        NodeSettings defaults = NodeSettings.defaults();
        NodeSettings settings = defaults.withBindAddress(bind).withPorts(rtmpPort, httpPort, adminPort)
                .withAdmin(new AdminSettings(adminAddress, AdminCredentials.none()))
                .withMaxViewers(maxViewers)
                .withStreams(defaults.streams().withWriteMergeWindow(Duration.ofMillis(mergeWritesMillis)));
        if (!standalone) {
            return runUnderControlPlane(settings);
        }
        if (controlPlane != null) {
            System.err.println("media-node: --standalone and --control-plane exclude each other; pick one");
            return 2;
        }
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
        try {
            settings = withAdminCredentials(settings);
        } catch (IOException e) {
            System.err.println("media-node: cannot use --state-dir " + stateDir + ": " + e.getMessage());
            return 2;
        }
        // A standalone node meters too (no tenant, nowhere to report): its usage shows on the admin port only.
        Clock clock = Clock.systemUTC();
        UsageMeter meter = "on".equals(usageMetering)
                ? new UsageMeter(domain -> DomainOwner.NONE, settings.hls().targetDurationMs(), clock) : null;
        MediaNode node;
        try {
            node = MediaNode.start(settings, publishAuthorizer, playAuthorizer, StreamEventListener.NONE,
                    new NodeDrain(), OriginLocator.NONE, () -> null, RelaySettings.defaults(), metrics -> List.of(),
                    meter);
        } catch (Exception e) {
            return cannotListen(e);
        }
        String key = nodeKey;
        node.nodePath().identifyBy(() -> key);
        UsageFlusher flusher = meter == null ? null : new UsageFlusher(meter,
                new UsageMetrics(node.metrics().meterRegistry(), meter, null), Duration.ofSeconds(usageFlushSeconds),
                clock);
        if (flusher != null) {
            flusher.start();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            if (flusher != null) {
                flusher.close();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private int runUnderControlPlane(NodeSettings settings) throws Exception {
        if (controlPlane == null) {
            System.err.println("media-node: give --control-plane URL (with --bootstrap-token or "
                    + "LIVEPLANE_BOOTSTRAP_TOKEN), or run alone with --standalone [--domains FILE]");
            return 2;
        }
        if (domainsFile != null) {
            System.err.println("media-node: --domains is for --standalone; under a control plane the domains come "
                    + "from it");
            return 2;
        }
        if (bootstrapToken == null || bootstrapToken.isBlank()) {
            System.err.println("media-node: --control-plane needs a bootstrap token: set LIVEPLANE_BOOTSTRAP_TOKEN "
                    + "(or --bootstrap-token) to a token from POST /admin/v1/node-tokens");
            return 2;
        }
        if (!"http".equals(controlPlane.getScheme()) && !"https".equals(controlPlane.getScheme())) {
            System.err.println("media-node: --control-plane must be an http:// or https:// URL, not " + controlPlane);
            return 2;
        }
        FleetSettings fleet = FleetSettings.of(controlPlane, bootstrapToken.trim(), stateDir)
                .withAdvertise(advertiseAddress, region, maxViewers)
                .withDrainGrace(Duration.ofSeconds(drainGraceSeconds))
                .withSpoolBudget(Math.max(1, eventSpoolMegabytes) << 20)
                .withRecordingSpool(Math.max(1, recordingSpoolMegabytes) << 20)
                .withUsage("on".equals(usageMetering), Duration.ofSeconds(usageFlushSeconds));
        NodeSettings withCredentials;
        try {
            withCredentials = withAdminCredentials(settings);
        } catch (IOException e) {
            System.err.println("media-node: cannot use --state-dir " + stateDir + ": " + e.getMessage());
            return 2;
        }
        FleetNode node;
        try {
            node = FleetNode.start(withCredentials, fleet);
        } catch (Exception e) {
            return cannotListen(e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.shutdownGracefully();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Says which ports the node could not listen on when a port is taken (Netty rethrows the bind failure, checked
     * or not, from its {@code sync()}), exit status 3; rethrows anything else.
     */
    private int cannotListen(Exception e) throws Exception {
        if (!(e instanceof IOException) || e.getMessage() == null || !e.getMessage().contains("in use")) {
            throw e;
        }
        System.err.println("media-node: cannot listen on " + bind + " (--rtmp-port " + rtmpPort + ", --http-port "
                + httpPort + ") or " + adminAddress + " (--admin-port " + adminPort + "): " + e.getMessage()
                + "; another process holds one of these ports (ss -ltnp shows which)");
        return 3;
    }

    /** The settings with the admin port's credentials: the node's own token (made on first start), the operator's. */
    private NodeSettings withAdminCredentials(NodeSettings settings) throws IOException {
        AdminCredentials credentials = AdminCredentials.of(new StateDir(stateDir).adminToken(),
                adminToken == null ? null : adminToken.strip());
        return settings.withAdmin(settings.admin().withCredentials(credentials));
    }

    private static SignedUrlAuthorizer signedUrlAuthorizer(DomainsFile file) {
        byte[] secret = file.hlsSessionSecret();
        if (secret == null) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret); // sessions then last until this node restarts
        }
        Clock clock = Clock.systemUTC();
        return new SignedUrlAuthorizer(file::snapshot, new StreamTokens(secret, file.hlsSessionTtl(), clock),
                FailureThrottle.defaults(), clock);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MediaNodeMain()).execute(args));
    }
}
