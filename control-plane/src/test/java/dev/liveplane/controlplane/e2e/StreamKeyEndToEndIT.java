package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.awaitTrue;
import static dev.liveplane.controlplane.e2e.Probes.httpStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import dev.liveplane.sdk.generated.model.StreamKeyCreated;
import dev.liveplane.sdk.generated.model.StreamKeyRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A broadcaster's persistent stream key end to end: the control plane and a media node as processes, the tenant
 * through the SDK, ffmpeg as OBS. The key publishes its stream and connects again where a signed URL has expired;
 * revoking it cuts the live publisher within 2 s and refuses the key from then on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamKeyEndToEndIT {

    private static final String OPERATOR_TOKEN = "lpo_e2e-operator-token-" + UUID.randomUUID();
    /** The node's own loopback address (FleetEndToEndIT's are 127.0.7.1 and .2). */
    private static final String NODE_ADDRESS = "127.0.7.6";

    private Path work;
    private int apiPort;
    private int rtmpPort;
    private final List<JavaProcess> processes = new ArrayList<>();
    private final List<Ffmpeg.Run> ffmpegs = new ArrayList<>();

    @BeforeAll
    void startThePlatform() throws Exception {
        work = Files.createDirectories(Path.of("target", "stream-key-e2e")).resolve(UUID.randomUUID().toString());
        Files.createDirectories(work);
        apiPort = JavaProcess.freePort();
        startControlPlane();
        String bootstrap = Liveplane.builder().endpoint(api()).accessToken(OPERATOR_TOKEN).build().fleet()
                .createNodeToken(new NodeTokenRequest().description("stream key e2e").ttlSeconds(3600L)).getToken();
        startNode(bootstrap);
    }

    @AfterAll
    void stopThePlatform() throws Exception {
        for (Ffmpeg.Run run : ffmpegs) {
            run.kill();
        }
        for (JavaProcess process : processes) {
            process.stop();
        }
    }

    @Test
    void aKeyOutlivesSignedUrlsUntilItIsRevoked() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String session = Liveplane.builder().endpoint(api()).build().auth().signUp(new SignUpRequest()
                .email("keys-" + tag + "@example.com").password("a long enough password").tenantName("Keys " + tag))
                .getAccessToken();
        LiveplaneClient tenant = Liveplane.builder().endpoint(api()).accessToken(session).build();
        String push = "push-" + tag + ".example.com";
        tenant.domains().create(new DomainRequest().name(push).type(DomainType.PUSH));
        StreamKeyCreated key = tenant.streamKeys().create(push, new StreamKeyRequest().app("live").stream("studio"));
        // What OBS sends with Server rtmp://{push}/live and the key as Stream Key; reached by address, so vhost.
        String keyed = "rtmp://" + NODE_ADDRESS + ":" + rtmpPort + "/live/" + key.getStreamKey() + "?vhost=" + push;

        Ffmpeg.Run first = awaitPublishingOnceAllowed(tenant, push, keyed);

        // Past the signed URL's expiry its publisher is refused, while the broadcaster's key connects again.
        String expired = tenant.signing().offlineSigner(push).sign("rtmp://" + NODE_ADDRESS + ":" + rtmpPort
                + "/live/studio?vhost=" + push, StreamAction.PUBLISH, Instant.now().minusSeconds(60));
        assertRefused(expired);
        assertThat(first.process().isAlive()).isTrue();
        first.kill();
        awaitTrue("the dropped publisher leaves the online list", Duration.ofSeconds(20),
                () -> !online(tenant, push));
        Ffmpeg.Run reconnected = awaitPublishingOnceAllowed(tenant, push, keyed);

        Instant revoked = Instant.now();
        tenant.streamKeys().revoke(push, key.getId());
        awaitTrue("the publisher is cut", Duration.ofSeconds(5), () -> !reconnected.process().isAlive());
        long cutMillis = Duration.between(revoked, Instant.now()).toMillis();
        System.out.printf("e2e: revoking the stream key cut its publisher %d ms after the API answered%n", cutMillis);
        assertThat(cutMillis).isLessThan(2500);
        assertRefused(keyed);
    }

    private Ffmpeg.Run awaitPublishingOnceAllowed(LiveplaneClient tenant, String push, String url) throws Exception {
        // The key reaches the node with the next snapshot (under 2 s); until then OBS would just reconnect.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Ffmpeg.Run encoder = Ffmpeg.publish(url, 600, "320x180", work, "aac");
            ffmpegs.add(encoder);
            try {
                awaitTrue("live/studio is online", Duration.ofSeconds(15), () -> {
                    assertThat(encoder.process().isAlive()).as("ffmpeg is pushing:\n%s", encoder.stderr()).isTrue();
                    return online(tenant, push);
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

    private void assertRefused(String url) throws Exception {
        Ffmpeg.Run refused = Ffmpeg.publish(url, 5, "320x180", work, "aac");
        ffmpegs.add(refused);
        assertThat(refused.await(Duration.ofSeconds(15))).as("ffmpeg's exit status").isNotZero();
        assertThat(refused.stderr()).contains("Publishing is not authorized");
    }

    private static boolean online(LiveplaneClient tenant, String push) {
        return StreamSupport.stream(tenant.streams().list(push).spliterator(), false)
                .anyMatch(s -> s.getApp().equals("live") && s.getStream().equals("studio"));
    }

    private void startControlPlane() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(apiPort));
        env.put("LIVEPLANE_EMBEDDED_DNS_PORT", Integer.toString(JavaProcess.freePort()));
        env.put("LIVEPLANE_PLATFORM_ZONE", "keys.test");
        env.put("LIVEPLANE_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("LIVEPLANE_FLEET_HEARTBEAT_INTERVAL", "1s");
        // Domains are not verified through DNS here: what they are is not what this test is about.
        env.put("LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS", "true");
        // A database of its own: this control plane's master key is not the other ITs'.
        env.putAll(TestDatabase.processEnvironment(TestDatabase.separate("keys")));
        JavaProcess process = new JavaProcess("control-plane", JavaProcess.jar("control-plane", "control-plane.jar"),
                List.of(), env, work.resolve("control-plane")).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus(api() + "v1/domains") == 401, Duration.ofSeconds(60));
    }

    private void startNode(String bootstrapToken) throws Exception {
        rtmpPort = JavaProcess.freePort();
        int admin = JavaProcess.freePort();
        JavaProcess process = new JavaProcess("node", JavaProcess.jar("media-node", "media-node.jar"),
                List.of("--control-plane", api().toString(), "--state-dir",
                        work.resolve("node-state").toAbsolutePath().toString(), "--bind", NODE_ADDRESS,
                        "--admin-address", NODE_ADDRESS, "--advertise-address", NODE_ADDRESS, "--rtmp-port",
                        Integer.toString(rtmpPort), "--http-port", Integer.toString(JavaProcess.freePort()),
                        "--admin-port", Integer.toString(admin)),
                Map.of("LIVEPLANE_BOOTSTRAP_TOKEN", bootstrapToken), work.resolve("node")).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus("http://" + NODE_ADDRESS + ":" + admin + "/healthz") == 200,
                Duration.ofSeconds(30));
    }

    private URI api() {
        return URI.create("http://127.0.0.1:" + apiPort + "/");
    }
}
