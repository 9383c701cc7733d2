package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.awaitTrue;
import static dev.liveplane.controlplane.e2e.Probes.httpStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.controlplane.contract.NodeContract;
import dev.liveplane.controlplane.contract.NodeExchange;
import dev.liveplane.controlplane.contract.RecordingProxy;
import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.OfflineSigner;
import dev.liveplane.sdk.generated.model.ApiKeyRequest;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The node protocol's contract, on the wire: two packaged media nodes speak to the packaged control plane through a
 * {@link RecordingProxy} while a stream is published, relayed, looked up in vain, forbidden and ended, and every
 * {@code /internal/v1} call recorded, the node's request and the control plane's answer, must be one that
 * {@code api/openapi.yaml} describes ({@link NodeContract}; {@code NodeContractTest} shows what it refuses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeProtocolContractIT {

    private static final String OPERATOR_TOKEN = "lpo_contract-operator-token-" + UUID.randomUUID();
    private static final String NODE_A_ADDRESS = "127.0.8.1";
    private static final String NODE_B_ADDRESS = "127.0.8.2";

    private final List<JavaProcess> processes = new ArrayList<>();
    private final List<Ffmpeg.Run> ffmpegs = new ArrayList<>();
    private Path work;
    private int apiPort;
    private RecordingProxy proxy;
    private LiveplaneClient tenant;
    private String push;
    private String play;
    private Node a;
    private Node b;

    /** A running media node as the test reaches it. */
    record Node(String address, int rtmpPort, int httpPort) {

        String rtmp(String stream, String domain) {
            return "rtmp://" + address + ":" + rtmpPort + "/live/" + stream + "?vhost=" + domain;
        }

        String flv(String stream, String domain) {
            return "http://" + address + ":" + httpPort + "/live/" + stream + ".flv?vhost=" + domain;
        }
    }

    @BeforeAll
    void startThePlatformBehindTheRecorder() throws Exception {
        work = Files.createDirectories(Path.of("target", "contract-e2e")).resolve(UUID.randomUUID().toString());
        Files.createDirectories(work);
        apiPort = JavaProcess.freePort();
        startControlPlane();
        proxy = new RecordingProxy(api());
        LiveplaneClient operator = Liveplane.builder().endpoint(api()).accessToken(OPERATOR_TOKEN).build();
        String bootstrap = operator.fleet().createNodeToken(new NodeTokenRequest().description("contract")
                .ttlSeconds(3600L)).getToken();

        String tag = UUID.randomUUID().toString().substring(0, 8);
        String session = Liveplane.builder().endpoint(api()).build().auth().signUp(new SignUpRequest()
                .email("contract-" + tag + "@example.com").password("a long enough password")
                .tenantName("Contract " + tag)).getAccessToken();
        String apiKey = Liveplane.builder().endpoint(api()).accessToken(session).build().apiKeys()
                .create(new ApiKeyRequest().name("contract")).getSecret();
        tenant = Liveplane.builder().endpoint(api()).apiKey(apiKey).build();
        push = "push-" + tag + ".example.com";
        play = "play-" + tag + ".example.com";
        tenant.domains().create(new DomainRequest().name(push).type(DomainType.PUSH));
        tenant.domains().create(new DomainRequest().name(play).type(DomainType.PULL).pushDomain(push));

        a = startNode("a", NODE_A_ADDRESS, bootstrap);
        b = startNode("b", NODE_B_ADDRESS, bootstrap);
    }

    @AfterAll
    void stopThePlatform() throws Exception {
        for (Ffmpeg.Run run : ffmpegs) {
            run.kill();
        }
        for (JavaProcess process : processes) {
            process.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void everyCallBetweenNodesAndTheControlPlaneIsOneTheSpecDescribes() throws Exception {
        Instant in10Minutes = Instant.now().plus(Duration.ofMinutes(10));
        OfflineSigner pushSigner = tenant.signing().offlineSigner(push);
        OfflineSigner playSigner = tenant.signing().offlineSigner(play);
        // A publish event with its codecs, then heartbeats that carry the stream's load.
        Ffmpeg.Run encoder = Ffmpeg.publish(pushSigner.sign(a.rtmp("main", push), StreamAction.PUBLISH, in10Minutes),
                600, "640x360", work, "aac");
        ffmpegs.add(encoder);
        awaitTrue("live/main is online", Duration.ofSeconds(20), () -> online("main"));
        // b does not have the stream: it asks where it is published (200), and for a stream live nowhere (404).
        assertThat(Ffmpeg.stream(Ffmpeg.probe(playSigner.sign(b.flv("main", play), StreamAction.PLAY, in10Minutes)),
                "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(httpStatus(playSigner.sign(b.flv("absent", play), StreamAction.PLAY, in10Minutes)))
                .isEqualTo(404);
        // A new snapshot with a forbidden stream in it, pushed to the nodes' long polls.
        tenant.streams().forbid(push, "live", "elsewhere");
        // An unpublish event.
        encoder.kill();
        awaitTrue("live/main has ended", Duration.ofSeconds(20), () -> !online("main"));
        Thread.sleep(2500); // two more heartbeats (1 s apart) after the end

        List<NodeExchange> calls = proxy.exchanges().stream().filter(c -> c.path().startsWith("/internal/v1/"))
                .toList();
        assertThat(calls).extracting(NodeProtocolContractIT::route).contains("POST register 201",
                "GET config 200", "POST heartbeat 200", "POST events 202", "GET origin 200", "GET origin 404");
        assertThat(calls).anySatisfy(c -> assertThat(c.responseBody()).contains("\"forbiddenStreams\":[{"));
        assertThat(calls).anySatisfy(c -> assertThat(c.requestBody()).contains("\"unpublish\""));
        NodeContract contract = new NodeContract();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        for (NodeExchange call : calls) {
            List<String> found = contract.violations(call);
            if (!found.isEmpty()) {
                violations.put(call.toString(), found);
            }
        }
        assertThat(violations).as("node-protocol calls the spec does not describe").isEmpty();

        // The check is live: the same recorded calls, each with one field the spec does not name, fail it.
        NodeExchange heartbeat = calls.stream().filter(c -> route(c).equals("POST heartbeat 200")).findFirst()
                .orElseThrow();
        assertThat(contract.violations(withRequestBody(heartbeat, heartbeat.requestBody()
                .replaceFirst("\\{", "{\"cpuLoad\":0.5,")))).anySatisfy(v -> assertThat(v).contains("cpuLoad"));
        NodeExchange snapshot = calls.stream().filter(c -> route(c).equals("GET config 200")).findFirst()
                .orElseThrow();
        assertThat(contract.violations(withResponseBody(snapshot, snapshot.responseBody()
                .replaceFirst("\\{", "{\"region\":\"eu\",")))).anySatisfy(v -> assertThat(v).contains("region"));
    }

    private static NodeExchange withRequestBody(NodeExchange call, String body) {
        return new NodeExchange(call.method(), call.path(), call.query(), call.requestHeaders(), body, call.status(),
                call.responseHeaders(), call.responseBody());
    }

    private static NodeExchange withResponseBody(NodeExchange call, String body) {
        return new NodeExchange(call.method(), call.path(), call.query(), call.requestHeaders(), call.requestBody(),
                call.status(), call.responseHeaders(), body);
    }

    /** The call's kind, as {@code METHOD last-path-segment status}. */
    private static String route(NodeExchange call) {
        String[] segments = call.path().split("/");
        return call.method() + " " + segments[segments.length - 1] + " " + call.status();
    }

    private void startControlPlane() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(apiPort));
        env.put("LIVEPLANE_EMBEDDED_DNS_PORT", Integer.toString(JavaProcess.freePort()));
        env.put("LIVEPLANE_PLATFORM_ZONE", "contract.test");
        env.put("LIVEPLANE_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("LIVEPLANE_FLEET_HEARTBEAT_INTERVAL", "1s");
        // The domains are not verified through DNS here: what they are is not what this test is about.
        env.put("LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS", "true");
        // A database of its own: this control plane's secrets (its master key) are not FleetEndToEndIT's, and a
        // config snapshot fails whole on a domain whose keys it cannot open.
        env.putAll(TestDatabase.processEnvironment(TestDatabase.separate("contract")));
        JavaProcess process = new JavaProcess("control-plane", JavaProcess.jar("control-plane", "control-plane.jar"),
                List.of(), env, work.resolve("control-plane")).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus(api() + "v1/domains") == 401, Duration.ofSeconds(60));
    }

    private Node startNode(String name, String address, String bootstrapToken) throws Exception {
        int rtmp = JavaProcess.freePort();
        int http = JavaProcess.freePort();
        int admin = JavaProcess.freePort();
        JavaProcess process = new JavaProcess("node-" + name, JavaProcess.jar("media-node", "media-node.jar"),
                List.of("--control-plane", proxy.uri().toString(), "--state-dir",
                        work.resolve("node-" + name + "-state").toAbsolutePath().toString(), "--bind", address,
                        "--admin-address", address, "--advertise-address", address, "--rtmp-port",
                        Integer.toString(rtmp), "--http-port", Integer.toString(http), "--admin-port",
                        Integer.toString(admin)),
                Map.of("LIVEPLANE_BOOTSTRAP_TOKEN", bootstrapToken), work.resolve("node-" + name)).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus("http://" + address + ":" + admin + "/healthz") == 200,
                Duration.ofSeconds(30));
        return new Node(address, rtmp, http);
    }

    private URI api() {
        return URI.create("http://127.0.0.1:" + apiPort + "/");
    }

    private boolean online(String stream) {
        return StreamSupport.stream(tenant.streams().list(push).spliterator(), false)
                .anyMatch(s -> s.getApp().equals("live") && s.getStream().equals(stream));
    }
}
