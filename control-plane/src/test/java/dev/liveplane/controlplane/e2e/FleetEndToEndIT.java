package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.awaitTrue;
import static dev.liveplane.controlplane.e2e.Probes.httpStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.controlplane.PublicDns;
import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.OfflineSigner;
import dev.liveplane.sdk.WebhookSignature;
import dev.liveplane.sdk.generated.model.ApiKeyRequest;
import dev.liveplane.sdk.generated.model.CallbacksUpdate;
import dev.liveplane.sdk.generated.model.Domain;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.DomainUpdate;
import dev.liveplane.sdk.generated.model.Node;
import dev.liveplane.sdk.generated.model.NodeStatus;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import dev.liveplane.sdk.generated.model.OnlineStream;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The whole platform as it runs in production, on loopback: the packaged control plane ({@code java -jar}, on the
 * test database, its platform zone served over real DNS), two packaged media nodes provisioned by a bootstrap token,
 * the tenant's own DNS (a real DNS server), ffmpeg as encoder and ffprobe/ffmpeg as players, and the tenant driving
 * everything through the Java SDK. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEndToEndIT {

    private static final String ZONE = "liveplane.test";
    private static final String OPERATOR_TOKEN = "lpo_e2e-operator-token-" + UUID.randomUUID();
    /** Each node listens on its own loopback address, as two machines would, so DNS can tell them apart. */
    private static final String NODE_A_ADDRESS = "127.0.7.1";
    private static final String NODE_B_ADDRESS = "127.0.7.2";
    /** Short, so that the silent-node steps take seconds; production waits 30 s. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(6);

    private Path work;

    private JavaProcess controlPlane;
    private int apiPort;
    private int dnsPort;
    private final Map<String, NodeUnderTest> nodes = new HashMap<>();
    private final List<Ffmpeg.Run> ffmpegs = new ArrayList<>();
    private WebhookReceiver webhooks;
    private Ffmpeg.Run mainEncoder;
    private String bootstrap;

    private LiveplaneClient operator;
    private LiveplaneClient tenant;
    private String push;
    private String play;

    /** A running media node as the test reaches it. */
    record NodeUnderTest(String address, int rtmpPort, int httpPort, int adminPort, JavaProcess process) {

        String rtmp(String app, String stream, String domain) {
            return "rtmp://" + address + ":" + rtmpPort + "/" + app + "/" + stream + "?vhost=" + domain;
        }

        String flv(String app, String stream, String domain) {
            return "http://" + address + ":" + httpPort + "/" + app + "/" + stream + ".flv?vhost=" + domain;
        }
    }

    @BeforeAll
    void startThePlatform() throws Exception {
        // Kept after the run (under target/) so that a failure's process logs can be read.
        work = Files.createDirectories(Path.of("target", "fleet-e2e")).resolve(UUID.randomUUID().toString());
        Files.createDirectories(work);
        apiPort = JavaProcess.freePort();
        dnsPort = JavaProcess.freePort();
        webhooks = new WebhookReceiver();
        controlPlane = startControlPlane();
        operator = Liveplane.builder().endpoint(api()).accessToken(OPERATOR_TOKEN).build();
        bootstrap = operator.fleet().createNodeToken(new NodeTokenRequest().description("e2e fleet")
                .ttlSeconds(3600L)).getToken();
        nodes.put("a", startNode("a", NODE_A_ADDRESS, bootstrap));
        nodes.put("b", startNode("b", NODE_B_ADDRESS, bootstrap));
    }

    @AfterAll
    void stopThePlatform() throws Exception {
        for (Ffmpeg.Run run : ffmpegs) {
            run.kill();
        }
        for (NodeUnderTest node : nodes.values()) {
            node.process().stop();
        }
        if (controlPlane != null) {
            controlPlane.stop();
        }
        if (webhooks != null) {
            webhooks.close();
        }
    }

    @Test
    @Order(1)
    void nodesRegisterAndTheHealthyOnesAreInTheEdgeName() throws Exception {
        awaitTrue("both nodes HEALTHY in the operator's list", Duration.ofSeconds(20), () ->
                nodeStatus(NODE_A_ADDRESS).filter(NodeStatus.HEALTHY::equals).isPresent()
                        && nodeStatus(NODE_B_ADDRESS).filter(NodeStatus.HEALTHY::equals).isPresent());
        awaitTrue("edge." + ZONE + " answers with both nodes", Duration.ofSeconds(10), () ->
                platformAddresses("edge." + ZONE).containsAll(Set.of(NODE_A_ADDRESS, NODE_B_ADDRESS)));
    }

    @Test
    @Order(2)
    void aTenantGetsADomainLiveThroughTheSdkAndItsNameResolvesToTheNodes() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        LiveplaneClient anonymous = Liveplane.builder().endpoint(api()).build();
        String session = anonymous.auth().signUp(new SignUpRequest().email("e2e-" + tag + "@example.com")
                .password("a long enough password").tenantName("E2E " + tag)).getAccessToken();
        String apiKey = Liveplane.builder().endpoint(api()).accessToken(session).build().apiKeys()
                .create(new ApiKeyRequest().name("e2e")).getSecret();
        tenant = Liveplane.builder().endpoint(api()).apiKey(apiKey).build();
        push = "push-" + tag + "." + PublicDns.ZONE;
        play = "play-" + tag + "." + PublicDns.ZONE;
        for (Domain domain : List.of(tenant.domains().create(new DomainRequest().name(push).type(DomainType.PUSH)),
                tenant.domains().create(new DomainRequest().name(play).type(DomainType.PULL).pushDomain(push)))) {
            PublicDns.server().putTxt(domain.getOwnership().getRecordName(), domain.getOwnership().getRecordValue());
            PublicDns.server().upsertCname(domain.getName(), domain.getCname());
            assertThat(tenant.domains().verify(domain.getName()).getVerified()).isTrue();
        }
        tenant.callbacks().update(push, new CallbacksUpdate().url(webhooks.url().toString()));

        // The tenant's CNAME (their DNS) leads to the platform's name for the domain (our zone), which leads to edge.
        String target = cname(PublicDns.server().port(), push);
        assertThat(cname(dnsPort, target)).isEqualTo("edge." + ZONE);
        assertThat(platformAddresses("edge." + ZONE)).contains(NODE_A_ADDRESS, NODE_B_ADDRESS);
    }

    @Test
    @Order(3)
    void aSignedPushPlaysWithItsCodecsAndShowsInTheOnlineListWithItsViewer() throws Exception {
        NodeUnderTest a = nodes.get("a");
        OfflineSigner pushSigner = tenant.signing().offlineSigner(push);
        OfflineSigner playSigner = tenant.signing().offlineSigner(play);
        Instant in10Minutes = Instant.now().plus(Duration.ofMinutes(10));
        mainEncoder = awaitPublishing(a, "live", "main", pushSigner, in10Minutes);

        String flv = playSigner.sign(a.flv("live", "main", play), StreamAction.PLAY, in10Minutes);
        JsonNode probe = Ffmpeg.probe(flv);
        assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(Ffmpeg.stream(probe, "video").path("width").asInt()).isEqualTo(640);
        assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");

        ffmpegs.add(Ffmpeg.record(flv, 0, work.resolve("viewer.flv"), work));
        awaitTrue("the online list shows the stream with its codecs and one viewer", Duration.ofSeconds(20), () -> {
            Optional<OnlineStream> main = online("live", "main");
            return main.isPresent() && main.get().getViewers() >= 1 && main.get().getVideo() != null
                    && "h264".equals(main.get().getVideo().getCodec()) && main.get().getVideo().getWidth() == 640
                    && main.get().getVideo().getHeight() == 360 && main.get().getAudio() != null
                    && "aac".equals(main.get().getAudio().getCodec());
        });
        assertThat(mainEncoder.process().isAlive()).isTrue();
        awaitTrue("the publish webhook arrived, signed", Duration.ofSeconds(10), () -> webhooks.received().stream()
                .anyMatch(hook -> "publish".equals(hook.event()) && hook.text().contains("\"main\"")));
        String secret = tenant.callbacks().get(push).getSecret();
        for (WebhookReceiver.Received hook : webhooks.received()) {
            WebhookSignature.verify(secret, hook.signature(), hook.body());
        }
    }

    @Test
    @Order(4)
    void aViewerOnTheOtherNodeGetsTheStreamRelayedFromItsOrigin() throws Exception {
        // DNS hands viewers any healthy node: b does not have the stream and pulls it from a.
        NodeUnderTest b = nodes.get("b");
        String origin = online("live", "main").orElseThrow().getNodeId();
        String flv = tenant.signing().offlineSigner(play).sign(b.flv("live", "main", play), StreamAction.PLAY,
                Instant.now().plus(Duration.ofMinutes(10)));
        JsonNode probe = Ffmpeg.probe(flv);
        assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(Ffmpeg.stream(probe, "video").path("height").asInt()).isEqualTo(360);
        assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");

        Path relayed = work.resolve("relayed.flv");
        Ffmpeg.Run viewer = Ffmpeg.record(flv, 5, relayed, work);
        ffmpegs.add(viewer);
        awaitTrue("the viewers on both nodes are counted", Duration.ofSeconds(15),
                () -> online("live", "main").map(OnlineStream::getViewers).orElse(0) >= 2);
        assertThat(viewer.await(Duration.ofSeconds(20))).as("the relayed viewer:\n%s", viewer.stderr()).isZero();
        assertThat(Ffmpeg.duration(Ffmpeg.probe(relayed.toString()))).isGreaterThan(4.5);
        assertThat(Ffmpeg.decodeErrors(relayed)).isEmpty();
        assertThat(online("live", "main").map(OnlineStream::getNodeId)).as("still published on a, not on b")
                .contains(origin);

        // hls.js lands on b too: the signed playlist leads to the child playlist and the segments, relayed.
        String hls = tenant.signing().offlineSigner(play).sign("http://" + b.address() + ":" + b.httpPort()
                + "/live/main.m3u8?vhost=" + play, StreamAction.PLAY, Instant.now().plus(Duration.ofMinutes(10)));
        JsonNode hlsProbe = Ffmpeg.probe(hls);
        assertThat(Ffmpeg.stream(hlsProbe, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(Ffmpeg.stream(hlsProbe, "audio").path("codec_name").asText()).isEqualTo("aac");
    }

    @Test
    @Order(5)
    void unsignedAndExpiredUrlsAreRefusedOnEveryNode() throws Exception {
        OfflineSigner pushSigner = tenant.signing().offlineSigner(push);
        OfflineSigner playSigner = tenant.signing().offlineSigner(play);
        for (NodeUnderTest node : nodes.values()) {
            assertRefused(node.rtmp("live", "unsigned", push));
            String expired = pushSigner.sign(node.rtmp("live", "expired", push), StreamAction.PUBLISH,
                    Instant.now().minus(Duration.ofHours(1)));
            assertRefused(expired);
            assertThat(httpStatus(node.flv("live", "main", play))).isEqualTo(403);
            assertThat(httpStatus(playSigner.sign(node.flv("live", "main", play), StreamAction.PLAY,
                    Instant.now().minus(Duration.ofHours(1))))).isEqualTo(403);
        }
    }

    @Test
    @Order(6)
    void aRotatedKeyReachesTheRunningNodes() throws Exception {
        tenant.signing().rotateKey(play);
        Instant rotated = Instant.now();
        OfflineSigner newKey = tenant.signing().offlineSigner(play);
        NodeUnderTest a = nodes.get("a");
        String flv = newKey.sign(a.flv("live", "main", play), StreamAction.PLAY,
                Instant.now().plus(Duration.ofMinutes(10)));
        awaitTrue("a URL signed with the new key plays on node a", Duration.ofSeconds(10),
                () -> httpFirstBytes(flv) > 0);
        System.out.printf("e2e: rotated key accepted by node a %d ms after the rotation%n",
                Duration.between(rotated, Instant.now()).toMillis());
    }

    @Test
    @Order(7)
    void forbiddingCutsTheLivePublisherAndResumeLetsItBack() throws Exception {
        NodeUnderTest b = nodes.get("b");
        OfflineSigner pushSigner = tenant.signing().offlineSigner(push);
        Instant in10Minutes = Instant.now().plus(Duration.ofMinutes(10));
        Ffmpeg.Run encoder = awaitPublishing(b, "live", "doomed", pushSigner, in10Minutes);

        Instant forbidden = Instant.now();
        tenant.streams().forbid(push, "live", "doomed");
        awaitTrue("the publisher is cut", Duration.ofSeconds(5), () -> !encoder.process().isAlive());
        System.out.printf("e2e: forbid cut the publisher %d ms after the API answered%n",
                Duration.between(forbidden, Instant.now()).toMillis());
        awaitTrue("the stream leaves the online list", Duration.ofSeconds(10),
                () -> online("live", "doomed").isEmpty());
        assertRefused(pushSigner.sign(b.rtmp("live", "doomed", push), StreamAction.PUBLISH, in10Minutes));

        tenant.streams().resume(push, "live", "doomed");
        awaitPublishingOnceAllowed(b, "live", "doomed", pushSigner, in10Minutes);
        awaitTrue("the unpublish webhook arrived", Duration.ofSeconds(10), () -> webhooks.received().stream()
                .anyMatch(hook -> "unpublish".equals(hook.event()) && hook.text().contains("\"doomed\"")));
    }

    @Test
    @Order(7)
    void aForbidCutsAPublisherOfTheSameNameInAnotherCase() throws Exception {
        // The control plane's collation makes live/Demo and live/demo one stream; the node must agree (StreamKey).
        NodeUnderTest b = nodes.get("b");
        OfflineSigner pushSigner = tenant.signing().offlineSigner(push);
        Instant in10Minutes = Instant.now().plus(Duration.ofMinutes(10));
        Ffmpeg.Run encoder = awaitPublishing(b, "live", "demo", pushSigner, in10Minutes);

        Instant forbidden = Instant.now();
        tenant.streams().forbid(push, "live", "Demo");
        awaitTrue("the publisher of live/demo is cut by the forbid of live/Demo", Duration.ofSeconds(2),
                () -> !encoder.process().isAlive());
        System.out.printf("e2e: forbid of live/Demo cut the publisher of live/demo %d ms after the API answered%n",
                Duration.between(forbidden, Instant.now()).toMillis());
        assertRefused(pushSigner.sign(b.rtmp("live", "demo", push), StreamAction.PUBLISH, in10Minutes));
        tenant.streams().resume(push, "live", "Demo");
    }

    @Test
    @Order(8)
    void theControlPlaneRestartsUnderRunningStreamsAndNobodyNotices() throws Exception {
        NodeUnderTest a = nodes.get("a");
        Optional<OnlineStream> before = online("live", "main");
        assertThat(before).isPresent();
        OfflineSigner playSigner = tenant.signing().offlineSigner(play);
        String flv = playSigner.sign(a.flv("live", "main", play), StreamAction.PLAY,
                Instant.now().plus(Duration.ofMinutes(10)));
        // A viewer that takes 12 s of media across the outage: a stall would stretch it, a cut would shorten it.
        Path across = work.resolve("across-restart.flv");
        Ffmpeg.Run viewer = Ffmpeg.record(flv, 12, across, work);
        ffmpegs.add(viewer);
        // When the viewer is done, whatever the test is doing then (the restart and the checks outlast it).
        CompletableFuture<Instant> viewerDone = viewer.process().onExit().thenApply(exited -> Instant.now());
        Thread.sleep(2000);
        Instant viewerStarted = Instant.now().minusSeconds(2);

        controlPlane.stop();
        // The nodes serve on their last snapshot meanwhile: a fresh signed play is still accepted.
        assertThat(httpFirstBytes(flv)).isPositive();
        // The outage outlasts the heartbeat timeout: the restarted control plane must not judge the nodes on time
        // it was not running (it did, and ended every stream, before issue 11 item 4).
        Thread.sleep(HEARTBEAT_TIMEOUT.plusSeconds(2).toMillis());
        controlPlane = startControlPlane();
        Instant back = Instant.now();
        while (Duration.between(back, Instant.now()).compareTo(HEARTBEAT_TIMEOUT) < 0) {
            assertThat(online("live", "main")).as("listed all along after the restart").isPresent();
            assertThat(platformAddresses("edge." + ZONE)).contains(NODE_A_ADDRESS, NODE_B_ADDRESS);
            Thread.sleep(250);
        }
        assertThat(webhooks.received()).noneMatch(hook -> hook.text().contains("node_lost"));

        assertThat(viewer.await(Duration.ofSeconds(30))).as("the viewer's ffmpeg:\n%s", viewer.stderr()).isZero();
        Duration took = Duration.between(viewerStarted, viewerDone.get());
        assertThat(took).as("12 s of media arrived in real time").isLessThan(Duration.ofSeconds(16));
        assertThat(Ffmpeg.duration(Ffmpeg.probe(across.toString()))).isGreaterThan(11.5);
        assertThat(Ffmpeg.decodeErrors(across)).isEmpty();
        assertThat(mainEncoder.process().isAlive()).as("the publisher never noticed").isTrue();

        awaitTrue("nodes back to HEALTHY", Duration.ofSeconds(20), () ->
                nodeStatus(NODE_A_ADDRESS).filter(NodeStatus.HEALTHY::equals).isPresent()
                        && nodeStatus(NODE_B_ADDRESS).filter(NodeStatus.HEALTHY::equals).isPresent());
        assertThat(online("live", "main")).map(OnlineStream::getNodeId).isEqualTo(before.map(OnlineStream::getNodeId));

        // And changes flow again: disabling the pull domain reaches the nodes.
        tenant.domains().update(play, new DomainUpdate().enabled(false));
        awaitTrue("a disabled pull domain refuses plays", Duration.ofSeconds(5),
                () -> httpStatus(flv) == 403);
        tenant.domains().update(play, new DomainUpdate().enabled(true));
        awaitTrue("re-enabled", Duration.ofSeconds(5), () -> httpFirstBytes(flv) > 0);
    }

    @Test
    @Order(9)
    void aKilledNodeLeavesDnsAndItsStreamsEnd() throws Exception {
        NodeUnderTest b = nodes.get("b");
        awaitTrue("b's stream is listed", Duration.ofSeconds(10), () -> online("live", "doomed").isPresent());
        String bId = online("live", "doomed").orElseThrow().getNodeId();

        // kill -9 and a restart with the same state directory: the dead stream ends at the node's first heartbeat
        // (interval 1 s), with one unpublish webhook: node_restarted, unless the restart itself outlasted the
        // silence timeout (a loaded machine) and the node was judged lost first.
        int hooksBefore = webhooks.received().size();
        b.process().kill();
        Instant killed = Instant.now();
        b = restartNode("b", b);
        Instant restarted = Instant.now();
        awaitTrue("the dead stream ends", Duration.ofSeconds(3), () -> online("live", "doomed").isEmpty());
        System.out.printf("e2e: dead stream ended %d ms after the restarted node was ready (%d ms after kill -9)%n",
                Duration.between(restarted, Instant.now()).toMillis(), Duration.between(killed, Instant.now())
                        .toMillis());
        awaitTrue("its unpublish webhook", Duration.ofSeconds(10), () -> webhooks.received().stream()
                .skip(hooksBefore).anyMatch(hook -> hook.text().contains("\"doomed\"")));
        List<String> ended = webhooks.received().stream().skip(hooksBefore)
                .filter(hook -> hook.text().contains("\"doomed\"")).map(hook -> hook.event() + " " + hook.text())
                .toList();
        assertThat(ended).as("one unpublish of the dead stream, nothing else").hasSize(1);
        assertThat(ended.get(0)).startsWith("unpublish ");
        if (Duration.between(killed, restarted).compareTo(HEARTBEAT_TIMEOUT.minusSeconds(2)) < 0) {
            assertThat(ended.get(0)).contains("node_restarted");
        }
        assertThat(nodeStatus(NODE_B_ADDRESS)).contains(NodeStatus.HEALTHY);
        assertThat(StreamSupport.stream(operator.fleet().listNodes().spliterator(), false)
                .filter(node -> node.getAddress().equals(NODE_B_ADDRESS)).map(Node::getId).toList())
                .as("one node, the same identity").containsExactly(bId);
        awaitPublishing(b, "live", "doomed", tenant.signing().offlineSigner(push),
                Instant.now().plus(Duration.ofMinutes(10)));

        b.process().kill();
        Instant killedForGood = Instant.now();
        awaitTrue("b's stream ends and b leaves DNS", HEARTBEAT_TIMEOUT.plusSeconds(15), () ->
                online("live", "doomed").isEmpty() && !platformAddresses("edge." + ZONE).contains(NODE_B_ADDRESS));
        System.out.printf("e2e: killed node withdrawn %d ms after kill -9 (timeout %d s)%n",
                Duration.between(killedForGood, Instant.now()).toMillis(), HEARTBEAT_TIMEOUT.toSeconds());
        assertThat(nodeStatus(NODE_B_ADDRESS)).contains(NodeStatus.SILENT);
        assertThat(platformAddresses("edge." + ZONE)).contains(NODE_A_ADDRESS);
        assertThat(online("live", "main")).isPresent();
    }

    @Test
    @Order(10)
    void disablingThePushDomainCutsItsPublishersAndRefusesNewOnes() throws Exception {
        NodeUnderTest a = nodes.get("a");
        OfflineSigner pushSigner = tenant.signing().offlineSigner(push);
        assertThat(mainEncoder.process().isAlive()).isTrue();

        Instant disabled = Instant.now();
        tenant.domains().update(push, new DomainUpdate().enabled(false));
        awaitTrue("the publisher on the disabled domain is cut", Duration.ofSeconds(5),
                () -> !mainEncoder.process().isAlive());
        System.out.printf("e2e: disabling the push domain cut its publisher %d ms after the API answered%n",
                Duration.between(disabled, Instant.now()).toMillis());
        assertRefused(pushSigner.sign(a.rtmp("live", "main", push), StreamAction.PUBLISH,
                Instant.now().plus(Duration.ofMinutes(10))));

        tenant.domains().update(push, new DomainUpdate().enabled(true));
        awaitPublishingOnceAllowed(a, "live", "main", pushSigner, Instant.now().plus(Duration.ofMinutes(10)));
    }

    // ---- the platform's processes

    private JavaProcess startControlPlane() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(apiPort));
        env.put("LIVEPLANE_EMBEDDED_DNS_PORT", Integer.toString(dnsPort));
        env.put("LIVEPLANE_PLATFORM_ZONE", ZONE);
        env.put("LIVEPLANE_DNS_RESOLVER", PublicDns.resolver());
        env.put("LIVEPLANE_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("LIVEPLANE_FLEET_HEARTBEAT_INTERVAL", "1s");
        env.put("LIVEPLANE_FLEET_HEARTBEAT_TIMEOUT", HEARTBEAT_TIMEOUT.toSeconds() + "s");
        env.putAll(TestDatabase.processEnvironment(TestDatabase.properties()));
        JavaProcess process = new JavaProcess("control-plane", JavaProcess.jar("control-plane", "control-plane.jar"),
                List.of(), env, work.resolve("control-plane")).start();
        process.awaitReady(() -> httpStatus(api() + "v1/domains") == 401, Duration.ofSeconds(60));
        return process;
    }

    private NodeUnderTest startNode(String name, String address, String bootstrapToken) throws Exception {
        return startNode(name, name, address, bootstrapToken, JavaProcess.freePort(), JavaProcess.freePort(),
                JavaProcess.freePort());
    }

    /** A node process {@code name} (its logs' folder) keeping its identity in {@code stateName}'s state directory. */
    private NodeUnderTest startNode(String name, String stateName, String address, String bootstrapToken, int rtmp,
            int http, int admin) throws Exception {
        JavaProcess process = new JavaProcess("node-" + name, JavaProcess.jar("media-node", "media-node.jar"),
                // Both nodes' admin ports on their own loopback address, as each node's host would have it.
                List.of("--control-plane", api().toString(), "--state-dir", work.resolve("node-" + stateName + "-state")
                        .toAbsolutePath().toString(), "--bind", address, "--admin-address", address,
                        "--advertise-address", address, "--rtmp-port", Integer.toString(rtmp), "--http-port",
                        Integer.toString(http), "--admin-port",
                        Integer.toString(admin)),
                Map.of("LIVEPLANE_BOOTSTRAP_TOKEN", bootstrapToken), work.resolve("node-" + name)).start();
        process.awaitReady(() -> httpStatus("http://" + address + ":" + admin + "/healthz") == 200,
                Duration.ofSeconds(30));
        return new NodeUnderTest(address, rtmp, http, admin, process);
    }

    /** Starts the node again on its ports and state directory, as a supervisor restarts a killed process. */
    private NodeUnderTest restartNode(String name, NodeUnderTest killed) throws Exception {
        NodeUnderTest again = startNode(name + "-again", name, killed.address(), bootstrap, killed.rtmpPort(),
                killed.httpPort(), killed.adminPort());
        nodes.put(name, again);
        return again;
    }

    private URI api() {
        return URI.create("http://127.0.0.1:" + apiPort + "/");
    }

    // ---- what the test observes

    private Ffmpeg.Run awaitPublishing(NodeUnderTest node, String app, String stream, OfflineSigner signer,
            Instant expiresAt) throws Exception {
        String url = signer.sign(node.rtmp(app, stream, push), StreamAction.PUBLISH, expiresAt);
        Ffmpeg.Run encoder = Ffmpeg.publish(url, 600, "640x360", work, "aac");
        ffmpegs.add(encoder);
        awaitTrue(app + "/" + stream + " is online", Duration.ofSeconds(15), () -> {
            assertThat(encoder.process().isAlive()).as("ffmpeg is pushing:\n%s", encoder.stderr()).isTrue();
            return online(app, stream).isPresent();
        });
        return encoder;
    }

    /**
     * As {@link #awaitPublishing}, right after a change that allows the stream again: encoders that the nodes still
     * refuse (the change is on its way, under 2 s) are started again, as a broadcaster's OBS reconnects.
     */
    private Ffmpeg.Run awaitPublishingOnceAllowed(NodeUnderTest node, String app, String stream,
            OfflineSigner signer, Instant expiresAt) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return awaitPublishing(node, app, stream, signer, expiresAt);
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
        assertThat(refused.await(Duration.ofSeconds(15))).as("ffmpeg's exit status for %s", url).isNotZero();
    }

    private Optional<OnlineStream> online(String app, String stream) {
        return StreamSupport.stream(tenant.streams().list(push).spliterator(), false)
                .filter(s -> s.getApp().equals(app) && s.getStream().equals(stream)).findFirst();
    }

    private Optional<NodeStatus> nodeStatus(String address) {
        return StreamSupport.stream(operator.fleet().listNodes().spliterator(), false)
                .filter(node -> node.getAddress().equals(address))
                .reduce((first, second) -> second) // the newest registration from that address
                .map(Node::getStatus);
    }

    private Set<String> platformAddresses(String name) {
        Message answer = query(dnsPort, name, Type.A);
        return answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String cname(int port, String name) {
        Message answer = query(port, name, Type.CNAME);
        return answer.getSection(Section.ANSWER).stream().filter(CNAMERecord.class::isInstance)
                .map(record -> ((CNAMERecord) record).getTarget().toString(true)).findFirst()
                .orElseThrow(() -> new AssertionError("no CNAME at " + name + ": " + answer));
    }

    private static Message query(int port, String name, int type) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port));
            resolver.setTimeout(Duration.ofSeconds(2));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type,
                    DClass.IN)));
            if (answer.getRcode() != Rcode.NOERROR && answer.getRcode() != Rcode.NXDOMAIN) {
                throw new AssertionError(name + ": " + Rcode.string(answer.getRcode()));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("DNS query for " + name + " on port " + port + " failed", e);
        }
    }

    /** Opens a live HTTP-FLV URL and reads its first bytes: how many came, 0 when refused. */
    private static int httpFirstBytes(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<java.io.InputStream> response = client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return 0;
                }
                return body.readNBytes(13).length; // the FLV header and the first tag size
            }
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
