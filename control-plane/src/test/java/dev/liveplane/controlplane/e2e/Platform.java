package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.httpStatus;

import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * The platform as production runs it, on loopback: the packaged control plane ({@code java -jar}) on a MariaDB
 * database of its own, packaged media nodes it provisioned, ffmpeg encoders, and whatever the scenarios put in
 * between (proxies). The control plane can be stopped and started again on the same port, database and secrets, as
 * an outage and its recovery. Everything started through it is stopped by {@link #close()}.
 */
final class Platform implements AutoCloseable {

    static final String OPERATOR_TOKEN = "lpo_e2e-usage-operator-" + UUID.randomUUID();

    private final Path work;
    private final int apiPort;
    private final Map<String, String> database = TestDatabase.separate("usage");
    private final Map<String, String> environment;
    private final List<MediaNodeProcess> nodes = new ArrayList<>();
    private final List<Ffmpeg.Run> ffmpegs = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private JavaProcess controlPlane;
    private String bootstrapToken;
    private JsonApi operator;

    private Platform(Path work, Map<String, String> settings) throws Exception {
        this.work = work;
        this.apiPort = JavaProcess.freePort();
        this.environment = controlPlaneEnvironment(settings);
    }

    /**
     * Starts the control plane with {@code settings} (environment variables over its defaults, e.g. the charger's
     * period) and makes a bootstrap token for the nodes.
     */
    static Platform start(String name, Map<String, String> settings) throws Exception {
        // Kept after the run (under target/) so that a failure's process logs can be read.
        Path work = Files.createDirectories(Path.of("target", name).resolve(UUID.randomUUID().toString()));
        Platform platform = new Platform(work, settings);
        platform.startControlPlane();
        platform.operator = new JsonApi(platform.api(), OPERATOR_TOKEN);
        platform.bootstrapToken = Liveplane.builder().endpoint(platform.api()).accessToken(OPERATOR_TOKEN).build()
                .fleet().createNodeToken(new NodeTokenRequest().description(name).ttlSeconds(3600L)).getToken();
        return platform;
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + apiPort + "/");
    }

    Path work() {
        return work;
    }

    /** What ingestion stored, read from the control plane's database. */
    Rollups rollups() {
        return new Rollups(database);
    }

    JsonApi operator() {
        return operator;
    }

    /** A node on {@code address} that reaches the control plane directly. */
    MediaNodeProcess startNode(String name, String address, List<String> arguments) throws Exception {
        return startNode(name, address, api(), arguments);
    }

    /** A node on {@code address} that reaches the control plane through {@code controlPlane} (e.g. a proxy). */
    MediaNodeProcess startNode(String name, String address, URI controlPlane, List<String> arguments)
            throws Exception {
        MediaNodeProcess node = new MediaNodeProcess(name, address, controlPlane, bootstrapToken, arguments, work);
        nodes.add(node);
        return node.start();
    }

    /** A tenant that signed up, with an API key, a push domain and a pull domain bound to it. */
    Tenant signUp(String label) {
        return Tenant.signUp(api(), label);
    }

    /**
     * ffmpeg pushing a 640x360 H.264/AAC test pattern to {@code app/stream} on {@code node} in real time, once the
     * stream is in the tenant's online list. An encoder the node still refuses (a node that just started has its
     * first snapshot on the way) is started again, as OBS reconnects.
     */
    Ffmpeg.Run publishOnline(Tenant tenant, MediaNodeProcess node, String app, String stream) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Ffmpeg.Run encoder = Ffmpeg.publish(tenant.publishUrl(node, app, stream), 600, "640x360", work, "aac");
            ffmpegs.add(encoder);
            try {
                Probes.awaitTrue(app + "/" + stream + " is online", Duration.ofSeconds(20), () -> {
                    if (!encoder.process().isAlive()) {
                        throw new AssertionError("ffmpeg stopped pushing:\n" + encoder.stderr());
                    }
                    return StreamSupport.stream(tenant.sdk().streams().list(tenant.pushDomain()).spliterator(),
                            false).anyMatch(s -> s.getApp().equals(app) && s.getStream().equals(stream));
                });
                return encoder;
            } catch (AssertionError refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(250);
            }
        }
    }

    /** Something to close with the platform (a proxy, a player). */
    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** SIGTERM to the control plane; its nodes carry on from their last snapshot and spool what they report. */
    void stopControlPlane() throws InterruptedException {
        controlPlane.stop();
    }

    /** Starts the control plane on its port, database and secrets (generated once in its working directory). */
    void startControlPlane() throws Exception {
        controlPlane = new JavaProcess("control-plane", JavaProcess.jar("control-plane", "control-plane.jar"),
                List.of(), environment, work.resolve("control-plane")).start();
        controlPlane.awaitReady(() -> httpStatus(api() + "v1/domains") == 401, Duration.ofSeconds(60));
    }

    String controlPlaneLog() {
        return controlPlane.log();
    }

    private Map<String, String> controlPlaneEnvironment(Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(apiPort));
        env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        env.put("LIVEPLANE_EMBEDDED_DNS_PORT", Integer.toString(JavaProcess.freePort()));
        env.put("LIVEPLANE_PLATFORM_ZONE", "usage.test");
        env.put("LIVEPLANE_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("LIVEPLANE_FLEET_HEARTBEAT_INTERVAL", "1s");
        // Domains are not verified through DNS here: the money path is what these tests are about.
        env.put("LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS", "true");
        // A database of its own (see the field): this control plane's master key is not the other ITs'.
        env.putAll(TestDatabase.processEnvironment(database));
        // Otherwise the default embedded H2 file in its working directory, which outlives a restart too.
        env.putAll(settings);
        return env;
    }

    @Override
    public void close() throws Exception {
        for (Ffmpeg.Run run : ffmpegs) {
            run.kill();
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        for (MediaNodeProcess node : nodes) {
            node.stop();
        }
        if (controlPlane != null) {
            controlPlane.stop();
        }
    }
}
