package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.DomainSnapshot;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.auth.SignedUrlAuthorizer;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.server.hls.HlsSegmenter;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.stream.StreamRequest.DeliveryProtocol;
import dev.liveplane.media.server.stream.StreamRequest;
import io.netty.buffer.ByteBufAllocator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: every app and stream name the API accepts (SignedUrlRequest in api/openapi.yaml), signed into URLs the
 * way the control plane's SignedUrlMinter signs them, reaches a real node as exactly that (app, stream) over RTMP,
 * HTTP-FLV, the HLS playlist and the HLS segment URIs the playlist lists, and its signature verifies there. Names
 * come from a seeded generator (printed on failure) plus the edge cases that once broke: -digits, dots, extensions.
 */
class StreamNamePropertyTest {

    private static final long SEED = 20_261_203L;
    private static final int RANDOM_CASES = 300;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-";
    private static final String PUSH = "push.example.com";
    private static final String PLAY = "play.example.com";
    private static final SigningPolicy PLAY_POLICY = new SigningPolicy(SigningScheme.A, "playPrimaryKey01", null,
            Duration.ofMinutes(30), List.of());

    private static final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private static LocalNode node;

    /** What the node's authorizer was asked and answered. */
    private record Seen(StreamRequest request, AuthDecision decision) {
    }

    /** The node's real signed-URL authorizer, noting each request and its verdict. */
    private record Recording(SignedUrlAuthorizer delegate) implements PublishAuthorizer, PlayAuthorizer {
        @Override
        public CompletionStage<AuthDecision> authorizePublish(StreamRequest request) {
            return delegate.authorizePublish(request).thenApply(d -> note(request, d));
        }

        @Override
        public CompletionStage<AuthDecision> authorizePlay(StreamRequest request) {
            return delegate.authorizePlay(request).thenApply(d -> note(request, d));
        }

        private static AuthDecision note(StreamRequest request, AuthDecision decision) {
            seen.add(new Seen(request, decision));
            return decision;
        }
    }

    @BeforeAll
    static void startNode() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        DomainSnapshot snapshot = new DomainSnapshot(Map.of(
                PUSH, new DomainConfig(PUSH, DomainConfig.Type.PUSH, null, new UrlVerifier(new SigningPolicy(
                        SigningScheme.A, "pushPrimaryKey01", null, Duration.ofMinutes(30), List.of()))),
                PLAY, new DomainConfig(PLAY, DomainConfig.Type.PULL, PUSH, new UrlVerifier(PLAY_POLICY))));
        StreamTokens sessions = new StreamTokens("property-test-session-secret".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1), clock);
        // Every request here is meant to pass; a refusal must fail the assertion, not slow the run down.
        FailureThrottle throttle = new FailureThrottle(1_000_000, Duration.ofMinutes(1), Duration.ZERO,
                Duration.ZERO, clock);
        node = LocalNode.start(new Recording(new SignedUrlAuthorizer(() -> snapshot, sessions, throttle, clock)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void everyNameTheApiAcceptsReachesTheNodeAsItselfOverEveryProtocol() throws Exception {
        Random random = new Random(SEED);
        UrlSigner signer = UrlSigner.primary(PLAY_POLICY);
        for (String[] name : names(random)) {
            String app = name[0];
            String stream = name[1];
            String context = "app=" + app + " stream=" + stream + " (seed " + SEED + ")";
            StreamKey expected = new StreamKey(PLAY, app, stream);
            // As SignedUrlMinter mints a pull domain's play URLs.
            Instant expiresAt = Instant.now().plusSeconds(1800);
            String base = PLAY + "/" + app + "/" + stream;
            String rtmp = signer.signUntil("rtmp://" + base, expiresAt);
            String flv = signer.signUntil("http://" + base + ".flv", expiresAt);
            String hls = signer.signUntil("http://" + base + ".m3u8", expiresAt);

            RawHttp flvAnswer = RawHttp.get(node.node.httpPort(), target(flv), Map.of("Host", PLAY), 4096);
            assertSeen(expected, DeliveryProtocol.HTTP_FLV, context);
            assertThat(flvAnswer.status()).as(context + " flv: not live, so 404").isEqualTo(404);

            RawHttp playlist = RawHttp.get(node.node.httpPort(), target(hls), Map.of("Host", PLAY), 4096);
            String session = assertSeen(expected, DeliveryProtocol.HLS_PLAYLIST, context).hlsSession();
            assertThat(playlist.status()).as(context + " m3u8").isEqualTo(404);

            long sequence = random.nextInt(3) == 0 ? 0 : Math.abs(random.nextLong() % 1_000_000_000_000L);
            HlsSegmenter segmenter = new HlsSegmenter(stream, HlsSegmenter.newPublishId(), HlsSettings.DEFAULTS,
                    ByteBufAllocator.DEFAULT);
            String segmentUri = segmenter.segmentName(sequence) + "?" + StreamTokens.SESSION_PARAMETER + "=" + session;
            segmenter.release();
            // A player resolves the playlist's relative URI against the playlist's own URL (RFC 3986 5.2).
            URI segment = URI.create(hls).resolve(segmentUri);
            RawHttp segmentAnswer = RawHttp.get(node.node.httpPort(), segment.getRawPath() + "?"
                    + segment.getRawQuery(), Map.of("Host", PLAY), 4096);
            assertSeen(expected, DeliveryProtocol.HLS_SEGMENT, context);
            assertThat(segmentAnswer.status()).as(context + " segment " + segment).isEqualTo(404);
            assertThat(segmentAnswer.bodyText()).as(context).isEqualTo("segment not found\n");

            // ffmpeg's split of an rtmp:// URL: the first path segment is the app, the rest the play path.
            StreamUrl rtmpUrl = StreamUrl.parse(rtmp);
            try (RtmpPlayer ignored = RtmpPlayer.play(node.node.rtmpPort(), rtmpUrl.app(),
                    rtmpUrl.stream() + "?" + rtmpUrl.rawQuery() + "&vhost=" + PLAY)) {
                assertSeen(expected, DeliveryProtocol.RTMP, context);
            }
        }
    }

    private static String target(String url) {
        StreamUrl parsed = StreamUrl.parse(url);
        return parsed.path() + "?" + parsed.rawQuery();
    }

    private static AuthDecision assertSeen(StreamKey expected, DeliveryProtocol protocol, String context)
            throws InterruptedException {
        Seen next = seen.poll(10, TimeUnit.SECONDS);
        assertThat(next).as(context + " " + protocol + " reached the authorizer").isNotNull();
        assertThat(next.request().protocol()).as(context).isEqualTo(protocol);
        assertThat(next.request().key()).as(context + " " + protocol).isEqualTo(expected);
        assertThat(next.decision().allowed()).as(context + " " + protocol + ": " + next.decision().reason())
                .isTrue();
        return next.decision();
    }

    /** The edge cases, then {@value #RANDOM_CASES} names drawn from the API's pattern. */
    static List<String[]> names(Random random) {
        List<String[]> names = new ArrayList<>();
        String[][] edges = {
            {"live", "cam-1"}, {"live", "room-2024"}, {"live", "cam-1-2"}, {"live", "-1"}, {"live", "0"},
            {"live", "007"}, {"live", "99999999999999999999"}, {"live", "a.b"}, {"live", "a.flv"},
            {"live", "a.m3u8"}, {"live", "a.ts"}, {"live", "x.flv.flv"}, {"live", "cam-1.flv"},
            {"live", "room-2024.m3u8"}, {"live", "seg-1"}, {"live", "seg-1.ts"}, {"seg-1.ts", "seg-2.ts"},
            {"live", "..."}, {"...", "..."}, {"live", ".a"}, {"live", "a."}, {"live", "~"}, {"live", "-"},
            {"live", "_"}, {"live", "-.-"}, {"live", "~~.~~"}, {"L", "Z"}, {"Live", "Cam-01"}, {"live-1", "cam-2"},
            {"app.flv", "s.m3u8"}, {"live", "a".repeat(128)}, {"a".repeat(64), "b"}, {"live", "ROOM-2024"},
        };
        names.addAll(List.of(edges));
        for (int i = 0; i < RANDOM_CASES; i++) {
            names.add(new String[] {name(random, 64), name(random, 128)});
        }
        return names;
    }

    /** A name of the API's pattern, biased towards the shapes routes confuse: -digits, extensions, dots. */
    private static String name(Random random, int max) {
        while (true) {
            int length = random.nextInt(8) == 0 ? 1 + random.nextInt(max) : 1 + random.nextInt(12);
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < length; i++) {
                name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            switch (random.nextInt(6)) {
                case 0, 1 -> name.append('-').append(random.nextInt(1_000_000));
                case 2 -> name.append(List.of(".flv", ".m3u8", ".ts", "/seg-1.ts".substring(1)).get(random.nextInt(4)));
                default -> { }
            }
            String candidate = name.length() > max ? name.substring(0, max) : name.toString();
            if (!candidate.equals(".") && !candidate.equals("..")) {
                return candidate;
            }
        }
    }
}
