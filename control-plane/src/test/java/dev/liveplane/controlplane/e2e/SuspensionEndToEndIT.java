package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.awaitTrue;
import static dev.liveplane.controlplane.e2e.Probes.httpStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.OfflineSigner;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.Session;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import dev.liveplane.sdk.generated.model.SkuRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A tenant running out, end to end: the control plane and a media node as processes, ffmpeg pushing and playing
 * over RTMP and HTTP-FLV, HLS requested as a player does. When the operator's debit leaves the tenant with neither
 * package bytes nor balance, its viewers are cut within 60 s and new plays refused; buying a package restores play
 * within 2 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuspensionEndToEndIT {

    /** The node's own loopback address (the other ITs use 127.0.7.1, .2 and .6). */
    private static final String NODE_ADDRESS = "127.0.7.9";

    private Platform platform;
    private MediaNodeProcess node;
    private Path work;
    private final List<Ffmpeg.Run> ffmpegs = new ArrayList<>();

    @BeforeAll
    void startThePlatform() throws Exception {
        platform = Platform.start("suspension-e2e", Map.of());
        work = platform.work();
        node = platform.startNode("suspension", NODE_ADDRESS, List.of());
    }

    @AfterAll
    void stopThePlatform() throws Exception {
        for (Ffmpeg.Run run : ffmpegs) {
            run.kill();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aTenantOutOfMoneyIsCutAndAPurchaseRestoresPlay() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Session signedUp = Liveplane.builder().endpoint(api()).build().auth().signUp(new SignUpRequest()
                .email("money-" + tag + "@example.com").password("a long enough password").tenantName("Money " + tag));
        LiveplaneClient tenant = Liveplane.builder().endpoint(api()).accessToken(signedUp.getAccessToken()).build();
        String push = "push-" + tag + ".example.com";
        String play = "play-" + tag + ".example.com";
        tenant.domains().create(new DomainRequest().name(push).type(DomainType.PUSH));
        tenant.domains().create(new DomainRequest().name(play).type(DomainType.PULL).pushDomain(push));
        operator().operator().credit(signedUp.getTenantId(), 1000, "e2e top-up");

        Instant in10Minutes = Instant.now().plusSeconds(600);
        String rtmpBase = "rtmp://" + NODE_ADDRESS + ":" + node.rtmpPort() + "/live/studio?vhost=";
        String httpBase = "http://" + NODE_ADDRESS + ":" + node.httpPort() + "/live/studio";
        String publishUrl = tenant.signing().offlineSigner(push).sign(rtmpBase + push, StreamAction.PUBLISH,
                in10Minutes);
        OfflineSigner players = tenant.signing().offlineSigner(play);
        String rtmp = players.sign(rtmpBase + play, StreamAction.PLAY, in10Minutes);
        String flv = players.sign(httpBase + ".flv?vhost=" + play, StreamAction.PLAY, in10Minutes);
        String hls = players.sign(httpBase + ".m3u8?vhost=" + play, StreamAction.PLAY, in10Minutes);

        awaitPublishing(publishUrl, flv);
        Ffmpeg.Run rtmpViewer = view(rtmp, "rtmp-viewer");
        Ffmpeg.Run flvViewer = view(flv, "flv-viewer");
        awaitTrue("HLS plays", Duration.ofSeconds(30), () -> httpStatus(hls) == 200);
        Thread.sleep(2000);
        assertThat(rtmpViewer.process().isAlive()).as("RTMP viewer plays:\n%s", rtmpViewer.stderr()).isTrue();
        assertThat(flvViewer.process().isAlive()).as("HTTP-FLV viewer plays:\n%s", flvViewer.stderr()).isTrue();

        Instant debited = Instant.now();
        operator().operator().debit(signedUp.getTenantId(), 1000, "e2e: runs out");
        awaitTrue("viewers are cut", Duration.ofSeconds(60),
                () -> !rtmpViewer.process().isAlive() && !flvViewer.process().isAlive());
        System.out.printf("e2e: running out cut RTMP and HTTP-FLV viewers %d ms after the debit%n",
                Duration.between(debited, Instant.now()).toMillis());
        assertThat(flvStatus(flv)).as("a new HTTP-FLV play").isEqualTo(403);
        assertThat(httpStatus(hls)).as("an HLS playlist").isEqualTo(403);
        Ffmpeg.Run refused = view(rtmp, "rtmp-refused");
        assertThat(refused.await(Duration.ofSeconds(20))).as("a new RTMP play's exit status").isNotZero();

        String sku = operator().operator().createSku(new SkuRequest().name("free 20 GiB").sizeBytes(20L << 30)
                .validityDays(30).priceMinor(0L)).getId();
        long bought = System.nanoTime();
        tenant.billing().buy(sku);
        awaitTrue("HTTP-FLV plays again", Duration.ofSeconds(10), () -> flvStatus(flv) == 200);
        long restoredMillis = Duration.ofNanos(System.nanoTime() - bought).toMillis();
        System.out.printf("e2e: a purchase restored play %d ms after the API answered%n", restoredMillis);
        assertThat(restoredMillis).isLessThan(2000);
        assertThat(httpStatus(hls)).as("HLS plays again").isEqualTo(200);
    }

    /**
     * Publishes until the stream plays. The new domain and the credit reach the node with the next config change
     * (under 2 s); an encoder the node refuses until then is started again, as a broadcaster's OBS reconnects.
     */
    private void awaitPublishing(String publishUrl, String flv) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Ffmpeg.Run encoder = Ffmpeg.publish(publishUrl, 600, "320x180", work, "aac");
            ffmpegs.add(encoder);
            try {
                awaitTrue("the stream plays over HTTP-FLV", Duration.ofSeconds(30), () -> {
                    assertThat(encoder.process().isAlive()).as("ffmpeg is pushing:\n%s", encoder.stderr()).isTrue();
                    return flvStatus(flv) == 200;
                });
                return;
            } catch (AssertionError refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(250);
            }
        }
    }

    private Ffmpeg.Run view(String url, String name) throws IOException {
        Ffmpeg.Run viewer = Ffmpeg.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "warning", "-rw_timeout",
                "15000000", "-i", url, "-c", "copy", "-f", "null", "-"), work, name);
        ffmpegs.add(viewer);
        return viewer;
    }

    /** The status of an HTTP-FLV play, read from the head only (the body of a live stream never ends). */
    private static int flvStatus(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private LiveplaneClient operator() {
        return Liveplane.builder().endpoint(api()).accessToken(Platform.OPERATOR_TOKEN).build();
    }

    private URI api() {
        return platform.api();
    }
}
