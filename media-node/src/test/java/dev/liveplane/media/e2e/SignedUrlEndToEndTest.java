package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.api.signing.PlaybackTokenClaims;
import dev.liveplane.api.signing.PlaybackTokenSigner;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.DomainsFile;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.auth.SignedUrlAuthorizer;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.StreamTokens;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that enforces signed URLs, driven by ffmpeg and ffprobe: one signed publisher on the push domain, players on
 * the bound pull domain over RTMP, HTTP-FLV and HLS, and every way of getting it wrong refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedUrlEndToEndTest {

    private static final String PUSH_KEY = "pushPrimaryKey-e2e";
    private static final String PLAY_KEY = "playPrimaryKey-e2e";
    private static final Pattern URI_LINE = Pattern.compile("(?m)^([^#\\s].*)$");

    @TempDir
    static Path dir;

    private LocalNode node;
    private ECKey tenantKey;
    private SigningPolicy pushPolicy;
    private SigningPolicy playPolicy;
    private Ffmpeg.Run publisher;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startNodeAndPublisher() throws Exception {
        tenantKey = new ECKeyGenerator(Curve.P_256).keyID("tenant-1").generate();
        String yaml = """
                domains:
                  - name: push.example.com
                    type: push
                    scheme: A
                    primaryKey: %s
                    secondaryKey: pushSecondaryKey-e2e
                    validitySeconds: 1800
                  - name: play.example.com
                    type: pull
                    pushDomain: push.example.com
                    scheme: A
                    primaryKey: %s
                    validitySeconds: 1800
                    jwtKeys: [ %s ]
                """.formatted(PUSH_KEY, PLAY_KEY, tenantKey.toPublicJWK().toJSONString());
        DomainsFile file = DomainsFile.parse(yaml, "test");
        pushPolicy = file.snapshot().find("push.example.com").orElseThrow().verifier().policy();
        playPolicy = file.snapshot().find("play.example.com").orElseThrow().verifier().policy();
        Clock clock = Clock.systemUTC();
        // Many refusals come from 127.0.0.1 in this class; the throttle has its own test.
        FailureThrottle lenient = new FailureThrottle(10_000, Duration.ofMinutes(1), Duration.ofMillis(250),
                Duration.ofSeconds(8), clock);
        node = LocalNode.start(new SignedUrlAuthorizer(file::snapshot,
                new StreamTokens("e2e-session-secret-0123".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
                        clock), lenient, clock));
        publisher = Ffmpeg.publish(signedPush("demo", Instant.now().plusSeconds(600)), 60, "320x240", dir, "aac");
        awaitPublished("demo");
    }

    @AfterAll
    void stop() throws Exception {
        if (publisher != null) {
            publisher.kill();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void signedPlaysOverRtmpHttpFlvAndHlsOnThePullDomain() throws Exception {
        for (String url : List.of(signedPlay("rtmp", "demo"), signedPlay("flv", "demo"), signedPlay("m3u8", "demo"))) {
            if (url.contains(".m3u8")) {
                LocalNode.awaitBody(url, body -> body.contains("#EXT-X-STREAM-INF"), Duration.ofSeconds(20));
            }
            JsonNode probe = Ffmpeg.probe(url);
            assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).as(url).isEqualTo("h264");
            assertThat(Ffmpeg.stream(probe, "video").path("width").asInt()).as(url).isEqualTo(320);
            assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).as(url).isEqualTo("aac");
        }
    }

    @Test
    void unsignedExpiredAndTamperedPublishesAreRefused() throws Exception {
        String unsigned = node.rtmp("live", "rogue") + "?vhost=push.example.com";
        String expired = UrlSigner.primary(pushPolicy).sign(unsigned, Instant.now().getEpochSecond() - 7200, "0",
                "0");
        String tampered = signedPush("rogue", Instant.now().plusSeconds(600)).replaceFirst("auth_key=(\\d+)",
                "auth_key=9$1");
        String otherStream = signedPush("demo2", Instant.now().plusSeconds(600)).replace("/live/demo2",
                "/live/rogue");
        for (String url : List.of(unsigned, expired, tampered, otherStream)) {
            Ffmpeg.Run push = Ffmpeg.publish(url, 5, "320x240", dir, "aac");
            assertThat(push.await(Duration.ofSeconds(20))).as(url).isNotZero();
            assertThat(push.stderr()).as(url).contains("Publishing is not authorized");
        }
        assertThat(node.stream(new StreamKey("push.example.com", "live", "rogue"))).isEmpty();
    }

    @Test
    void obsStyleSignatureOnTheApplicationPublishes() throws Exception {
        // OBS splits a URL into "server" (rtmp://host/app?auth_key=...) and "stream key": the signature then rides
        // on the connect command's app and tcUrl, not on the stream name.
        String signed = signedPush("obs", Instant.now().plusSeconds(600));
        String query = signed.substring(signed.indexOf('?') + 1);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "20", "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "25", "-f", "flv",
                "-rtmp_app", "live?" + query, "-rtmp_playpath", "obs",
                "-rtmp_tcurl", "rtmp://127.0.0.1:" + node.node.rtmpPort() + "/live?" + query,
                "rtmp://127.0.0.1:" + node.node.rtmpPort() + "/live/obs"));
        Ffmpeg.Run obs = Ffmpeg.start(cmd, dir, "obs");
        try {
            awaitPublished("obs");
        } finally {
            obs.kill();
        }
    }

    @Test
    void publishOnThePullDomainAndPlayOnThePushDomainAreRefused() throws Exception {
        String pushOnPull = UrlSigner.primary(playPolicy).signUntil(
                node.rtmp("live", "wrongway") + "?vhost=play.example.com", Instant.now().plusSeconds(600));
        Ffmpeg.Run push = Ffmpeg.publish(pushOnPull, 5, "320x240", dir, "aac");
        assertThat(push.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(push.stderr()).contains("Publishing is not authorized");

        String playOnPush = UrlSigner.primary(pushPolicy).signUntil(node.http("/live/demo.flv")
                + "?vhost=push.example.com", Instant.now().plusSeconds(600));
        assertThat(LocalNode.get(playOnPush).statusCode()).isEqualTo(403);
        String rtmpPlayOnPush = UrlSigner.primary(pushPolicy).signUntil(node.rtmp("live", "demo")
                + "?vhost=push.example.com", Instant.now().plusSeconds(600));
        assertThatThrownBy(() -> Ffmpeg.probe(rtmpPlayOnPush)).hasMessageContaining("Playing is not authorized");
    }

    @Test
    void badPlayUrlsGetA403ThatSaysOnlyForbidden() throws Exception {
        String flv = node.http("/live/demo.flv") + "?vhost=play.example.com";
        List<String> refused = List.of(
                flv,
                UrlSigner.primary(playPolicy).sign(flv, Instant.now().getEpochSecond() - 7200, "0", "0"),
                signedPlay("flv", "demo").replace("/live/demo.flv", "/live/other.flv"),
                signedPlay("flv", "demo").replace(".flv?", ".m3u8?"),
                UrlSigner.primary(pushPolicy).signUntil(flv, Instant.now().plusSeconds(600)),
                node.http("/live/demo.flv") + "?auth_key=1-2-3-4");
        for (String url : refused) {
            HttpResponse<String> response = LocalNode.get(url);
            assertThat(response.statusCode()).as(url).isEqualTo(403);
            assertThat(response.body()).as(url).isEqualTo("forbidden\n");
        }
    }

    @Test
    void playbackTokenWorksInTheQueryAndAsBearer() throws Exception {
        PlaybackTokenSigner tenant = new PlaybackTokenSigner(tenantKey);
        long now = Instant.now().getEpochSecond();
        String token = tenant.mint(new PlaybackTokenClaims("play.example.com", "live/*", StreamAction.PLAY,
                now + 600, 0, now, null));
        String flv = node.http("/live/demo.flv") + "?vhost=play.example.com";

        assertThat(firstBytes(HttpRequest.newBuilder(URI.create(flv + "&token=" + token)))).startsWith("FLV");
        assertThat(firstBytes(HttpRequest.newBuilder(URI.create(flv)).header("Authorization", "Bearer " + token)))
                .startsWith("FLV");
        String expired = tenant.mint(new PlaybackTokenClaims("play.example.com", "live/*", StreamAction.PLAY,
                now - 600, 0, now - 1200, null));
        assertThat(LocalNode.get(flv + "&token=" + expired).statusCode()).isEqualTo(403);
        // The tenant's key signs whatever exp it likes; the node holds it to the domain's validity (1800 s) + skew.
        String forever = tenant.mint(new PlaybackTokenClaims("play.example.com", "live/*", StreamAction.PLAY,
                now + 10 * 365 * 86_400L, 0, now, null));
        assertThat(LocalNode.get(flv + "&token=" + forever).statusCode()).isEqualTo(403);
        String longest = tenant.mint(new PlaybackTokenClaims("play.example.com", "live/*", StreamAction.PLAY,
                now + 1800, 0, now, null));
        assertThat(firstBytes(HttpRequest.newBuilder(URI.create(flv + "&token=" + longest)))).startsWith("FLV");
    }

    @Test
    void hlsSegmentsAndChildPlaylistCarryTheSessionAndNeedIt() throws Exception {
        String master = LocalNode.awaitBody(signedPlay("m3u8", "demo"), body -> body.contains("#EXT-X-STREAM-INF"),
                Duration.ofSeconds(20));
        String child = firstUri(master);
        assertThat(child).startsWith("demo.m3u8?vhost=play.example.com&" + StreamTokens.SESSION_PARAMETER + "=");
        String childUrl = node.http("/live/" + child);
        String media = LocalNode.awaitBody(childUrl, body -> body.contains("#EXTINF"), Duration.ofSeconds(20));
        String segment = firstUri(media);
        assertThat(segment).matches("demo/seg-[0-9a-f]{16}-\\d+\\.ts\\?vhost=play\\.example\\.com&"
                + StreamTokens.SESSION_PARAMETER + "=.+");

        HttpResponse<byte[]> ts = http.send(HttpRequest.newBuilder(URI.create(node.http("/live/" + segment)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ts.statusCode()).isEqualTo(200);
        assertThat(ts.body()[0]).isEqualTo((byte) 0x47); // MPEG-TS sync byte

        String withoutSession = segment.substring(0, segment.indexOf('&'));
        assertThat(LocalNode.get(node.http("/live/" + withoutSession)).statusCode()).isEqualTo(403);
        String session = segment.substring(segment.indexOf(StreamTokens.SESSION_PARAMETER + "=") + 11);
        int macStart = session.indexOf('.') + 1;
        String tamperedSession = segment.replace(session, session.substring(0, macStart)
                + (session.charAt(macStart) == 'A' ? 'B' : 'A') + session.substring(macStart + 1));
        assertThat(LocalNode.get(node.http("/live/" + tamperedSession)).statusCode()).isEqualTo(403);
        String otherStream = segment.replaceFirst("^demo/", "other/");
        assertThat(LocalNode.get(node.http("/live/" + otherStream)).statusCode()).isEqualTo(403);
        String unsignedPlaylist = node.http("/live/demo.m3u8?vhost=play.example.com");
        assertThat(LocalNode.get(unsignedPlaylist).statusCode()).isEqualTo(403);
    }

    private String firstBytes(HttpRequest.Builder request) throws Exception {
        HttpResponse<InputStream> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            return new String(body.readNBytes(3), StandardCharsets.US_ASCII);
        }
    }

    private static String firstUri(String playlist) {
        Matcher m = URI_LINE.matcher(playlist);
        assertThat(m.find()).as(playlist).isTrue();
        return m.group(1);
    }

    private String signedPush(String stream, Instant expiresAt) {
        return UrlSigner.primary(pushPolicy).signUntil(node.rtmp("live", stream) + "?vhost=push.example.com",
                expiresAt);
    }

    private String signedPlay(String kind, String stream) {
        String url = kind.equals("rtmp") ? node.rtmp("live", stream) : node.http("/live/" + stream + "." + kind);
        return UrlSigner.primary(playPolicy).signUntil(url + "?vhost=play.example.com",
                Instant.now().plusSeconds(600));
    }

    private void awaitPublished(String stream) throws InterruptedException {
        StreamKey key = new StreamKey("push.example.com", "live", stream);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (node.stream(key).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(key + " was not published within 15 s");
            }
            Thread.sleep(50);
        }
    }
}
