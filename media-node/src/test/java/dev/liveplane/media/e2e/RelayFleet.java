package dev.liveplane.media.e2e;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.NodeSettings;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.server.relay.RelaySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Two media nodes under one {@link FakeControlPlane}, both serving a push domain and its pull domain: an origin that
 * encoders publish to and an edge that viewers play from, which relays. The relay tests' shared stage.
 */
final class RelayFleet implements AutoCloseable {

    static final String PUSH = "push.example.com";
    static final String PLAY = "play.example.com";
    private static final String KEY = "pushKey-relay-1";
    private static final String PLAY_KEY = "playKey-relay-1";

    final FakeControlPlane controlPlane;
    final FleetNode origin;
    final FleetNode edge;
    private final Path dir;
    private final List<Ffmpeg.Run> encoders = new ArrayList<>();

    private RelayFleet(Path dir, FakeControlPlane controlPlane, FleetNode origin, FleetNode edge) {
        this.dir = dir;
        this.controlPlane = controlPlane;
        this.origin = origin;
        this.edge = edge;
    }

    /** Starts the control plane and both nodes, each with {@code node}'s settings, and waits for their snapshots. */
    static RelayFleet start(Path dir, NodeSettings node, RelaySettings relay) throws Exception {
        FakeControlPlane controlPlane = new FakeControlPlane();
        controlPlane.publish(1, FleetEndToEndTest.snapshot(1, FleetEndToEndTest.push(PUSH, KEY, true) + ","
                + FleetEndToEndTest.pull(PLAY, PUSH, PLAY_KEY, true, ""), "", ""));
        FleetNode origin = null;
        try {
            origin = startNode(dir, controlPlane, "origin", node, relay);
            FleetNode edge = startNode(dir, controlPlane, "edge", node, relay);
            RelayFleet fleet = new RelayFleet(dir, controlPlane, origin, edge);
            FleetNode o = origin;
            await("both nodes on snapshot 1", () -> o.agent().snapshots().get().version() == 1
                    && edge.agent().snapshots().get().version() == 1
                    && o.agent().identity().isPresent() && edge.agent().identity().isPresent(),
                    Duration.ofSeconds(10));
            return fleet;
        } catch (Exception | AssertionError e) {
            if (origin != null) {
                origin.close();
            }
            controlPlane.close();
            throw e;
        }
    }

    private static FleetNode startNode(Path dir, FakeControlPlane controlPlane, String name, NodeSettings node,
            RelaySettings relay) throws Exception {
        FleetSettings settings = FleetSettings.of(controlPlane.uri(), FakeControlPlane.BOOTSTRAP_TOKEN,
                        dir.resolve(name))
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
        FailureThrottle lenient = new FailureThrottle(10_000, Duration.ofMinutes(1), Duration.ofMillis(250),
                Duration.ofSeconds(8), Clock.systemUTC());
        return FleetNode.start(node, settings, lenient, relay);
    }

    /** Publishes on the origin and waits until the control plane has its publish event (what the locator reads). */
    Ffmpeg.Run publishOnOrigin(String stream) throws IOException, InterruptedException {
        return publishOnOrigin(stream, 60);
    }

    /** Publishes {@code seconds} of video on the origin, as {@link #publishOnOrigin(String)}. */
    Ffmpeg.Run publishOnOrigin(String stream, int seconds) throws IOException, InterruptedException {
        String url = "rtmp://127.0.0.1:" + origin.node().rtmpPort() + "/live/" + stream + "?vhost=" + PUSH;
        Ffmpeg.Run run = Ffmpeg.publish(UrlSigner.primary(policy(KEY)).signUntil(url, Instant.now().plusSeconds(600)),
                seconds, "320x240", dir, "aac");
        encoders.add(run);
        await(stream + " published on the control plane", () -> controlPlane.events("publish").stream()
                .anyMatch(e -> e.path("stream").asText().equals(stream)), Duration.ofSeconds(15));
        return run;
    }

    /** {@code url} for the pull domain, signed. */
    static String signedPlay(String url) {
        return UrlSigner.primary(policy(PLAY_KEY)).signUntil(url + "?vhost=" + PLAY, Instant.now().plusSeconds(600));
    }

    static StreamKey key(String stream) {
        return new StreamKey(PUSH, "live", stream);
    }

    static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static SigningPolicy policy(String key) {
        return new SigningPolicy(SigningScheme.A, key, null, Duration.ofSeconds(1800), List.of());
    }

    @Override
    public void close() throws InterruptedException {
        for (Ffmpeg.Run run : encoders) {
            run.kill();
        }
        edge.close();
        origin.close();
        controlPlane.close();
    }
}
