package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.awaitTrue;
import static dev.liveplane.controlplane.e2e.Probes.httpStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import dev.liveplane.sdk.generated.model.PlayUrls;
import dev.liveplane.sdk.generated.model.PushUrls;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import dev.liveplane.sdk.generated.model.SignedUrlRequest;
import dev.liveplane.sdk.generated.model.StreamKeyCreated;
import dev.liveplane.sdk.generated.model.StreamKeyRequest;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local stack as {@code bin/liveplane up} runs it (packaged control plane told where its one node is, the node on
 * loopback, unverified example.com domains served): the URLs the API returns work as returned, with no DNS for the
 * tenant's domain. ffmpeg pushes to the push URL, and to OBS's server and stream key fields, and ffprobe plays the
 * RTMP, HTTP-FLV and HLS URLs, each exactly as the API answered it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalStackUrlsIT {

    private static final String OPERATOR_TOKEN = "lpo_local-operator-token-" + UUID.randomUUID();
    private static final String LOOPBACK = "127.0.0.1";

    private Path work;
    private final List<JavaProcess> processes = new ArrayList<>();
    private final List<Ffmpeg.Run> encoders = new ArrayList<>();
    private int apiPort;
    private int rtmpPort;
    private int httpPort;
    private LiveplaneClient tenant;
    private String push;
    private String play;

    @BeforeAll
    void startTheLocalStack() throws Exception {
        work = Files.createDirectories(Path.of("target", "local-stack-e2e", UUID.randomUUID().toString()));
        apiPort = JavaProcess.freePort();
        rtmpPort = JavaProcess.freePort();
        httpPort = JavaProcess.freePort();
        startControlPlane();
        LiveplaneClient operator = Liveplane.builder().endpoint(api()).accessToken(OPERATOR_TOKEN).build();
        startNode(operator.fleet().createNodeToken(new NodeTokenRequest().description("local stack")
                .ttlSeconds(3600L)).getToken());

        String tag = UUID.randomUUID().toString().substring(0, 8);
        String session = Liveplane.builder().endpoint(api()).build().auth().signUp(new SignUpRequest()
                .email("local-" + tag + "@example.com").password("a long enough password").tenantName("Local " + tag))
                .getAccessToken();
        tenant = Liveplane.builder().endpoint(api()).accessToken(session).build();
        push = "push-" + tag + ".example.com";
        play = "play-" + tag + ".example.com";
        tenant.domains().create(new DomainRequest().name(push).type(DomainType.PUSH));
        tenant.domains().create(new DomainRequest().name(play).type(DomainType.PULL).pushDomain(push));
    }

    @AfterAll
    void stopTheLocalStack() throws Exception {
        for (Ffmpeg.Run encoder : encoders) {
            encoder.kill();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
    }

    @Test
    void thePushUrlAndThePlayUrlsWorkAsReturned() throws Exception {
        PushUrls pushUrls = tenant.signing().signedUrls(push, new SignedUrlRequest().app("live").stream("demo"))
                .getPush();
        assertThat(URI.create(pushUrls.getUrl()).getHost()).isEqualTo(LOOPBACK);

        awaitPublishing("demo", () -> Ffmpeg.publish(pushUrls.getUrl(), 600, "640x360", work, "aac"));

        PlayUrls playUrls = tenant.signing().signedUrls(play, new SignedUrlRequest().app("live").stream("demo"))
                .getPlay();
        // The playlist is there once the first segment is cut (a GOP of the encoder, 1 s).
        awaitTrue("the HLS playlist is cut", Duration.ofSeconds(10), () -> httpStatus(playUrls.getHls()) == 200);
        for (String url : List.of(playUrls.getFlv(), playUrls.getHls(), playUrls.getRtmp())) {
            assertThat(URI.create(url).getHost()).as(url).isEqualTo(LOOPBACK);
            JsonNode probe = Ffmpeg.probe(url);
            assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).as(url).isEqualTo("h264");
            assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).as(url).isEqualTo("aac");
        }
    }

    /** OBS connects to its "Server" (the vhost in the app's query) and publishes its "Stream Key". */
    @Test
    void obsServerAndStreamKeyWorkAsReturned() throws Exception {
        PushUrls obs = tenant.signing().signedUrls(push, new SignedUrlRequest().app("live").stream("obs")).getPush();
        URI server = URI.create(obs.getServer());
        String app = server.getRawPath().substring(1) + "?" + server.getRawQuery();

        awaitPublishing("obs", () -> Ffmpeg.start(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel",
                "warning", "-re", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=25", "-t", "600", "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-f", "flv", "-rtmp_tcurl",
                obs.getServer(), "-rtmp_app", app, "-rtmp_playpath", obs.getStreamKey(), obs.getServer()), work,
                "obs"));
    }

    /** A persistent stream key's push URL and its OBS server and key fields, as created, publish its stream. */
    @Test
    void aStreamKeyPublishesAsReturned() throws Exception {
        StreamKeyCreated key = tenant.streamKeys().create(push, new StreamKeyRequest().app("live").stream("keyed"));
        assertThat(URI.create(key.getUrl()).getHost()).isEqualTo(LOOPBACK);
        assertThat(URI.create(key.getServer()).getHost()).isEqualTo(LOOPBACK);
        awaitPublishing("keyed", () -> Ffmpeg.publish(key.getUrl(), 600, "320x180", work, "aac"));

        StreamKeyCreated obsKey = tenant.streamKeys().create(push, new StreamKeyRequest().app("live").stream("keyobs"));
        URI server = URI.create(obsKey.getServer());
        String app = server.getRawPath().substring(1) + "?" + server.getRawQuery();
        awaitPublishing("keyobs", () -> Ffmpeg.start(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel",
                "warning", "-re", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=25", "-t", "600", "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-f", "flv", "-rtmp_tcurl",
                obsKey.getServer(), "-rtmp_app", app, "-rtmp_playpath", obsKey.getStreamKey(), obsKey.getServer()),
                work, "keyobs"));
    }

    /** A publisher the node refuses until the new domain's config reaches it (under 2 s) is started again. */
    private void awaitPublishing(String stream, Encoder start) throws Exception {
        Ffmpeg.Run[] encoder = {null};
        awaitTrue("live/" + stream + " is online", Duration.ofSeconds(20), () -> {
            if (encoder[0] == null || !encoder[0].process().isAlive()) {
                encoder[0] = start.run();
                encoders.add(encoder[0]);
            }
            return StreamSupport.stream(tenant.streams().list(push).spliterator(), false)
                    .anyMatch(s -> s.getApp().equals("live") && s.getStream().equals(stream));
        });
    }

    private interface Encoder {
        Ffmpeg.Run run() throws Exception;
    }

    private void startControlPlane() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(apiPort));
        env.put("LIVEPLANE_EMBEDDED_DNS_PORT", Integer.toString(JavaProcess.freePort()));
        env.put("LIVEPLANE_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS", "true");
        // What bin/liveplane sets: the minted URLs name this node, the domain in vhost=.
        env.put("LIVEPLANE_URLS_LOCAL_NODE_RTMP", LOOPBACK + ":" + rtmpPort);
        env.put("LIVEPLANE_URLS_LOCAL_NODE_HTTP", LOOPBACK + ":" + httpPort);
        // A database of its own: a config snapshot fails whole on a domain sealed under another control plane's
        // master key (FleetEndToEndIT's), and every domain is served here.
        env.putAll(TestDatabase.processEnvironment(TestDatabase.separate("local")));
        JavaProcess process = new JavaProcess("control-plane", JavaProcess.jar("control-plane", "control-plane.jar"),
                List.of(), env, work.resolve("control-plane")).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus(api() + "v1/domains") == 401, Duration.ofSeconds(60));
    }

    private void startNode(String bootstrapToken) throws Exception {
        int admin = JavaProcess.freePort();
        JavaProcess process = new JavaProcess("node", JavaProcess.jar("media-node", "media-node.jar"),
                List.of("--control-plane", api().toString(), "--state-dir",
                        work.resolve("node-state").toAbsolutePath().toString(), "--bind", LOOPBACK,
                        "--advertise-address", LOOPBACK, "--rtmp-port", Integer.toString(rtmpPort), "--http-port",
                        Integer.toString(httpPort), "--admin-port", Integer.toString(admin)),
                Map.of("LIVEPLANE_BOOTSTRAP_TOKEN", bootstrapToken), work.resolve("node")).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus("http://" + LOOPBACK + ":" + admin + "/healthz") == 200,
                Duration.ofSeconds(30));
    }

    private URI api() {
        return URI.create("http://" + LOOPBACK + ":" + apiPort + "/");
    }
}
