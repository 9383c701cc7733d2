package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.SigningTestVectors;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.stream.StreamRequest.DeliveryProtocol;
import dev.liveplane.media.server.stream.StreamRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignedUrlAuthorizerTest {

    private static final SigningTestVectors VECTORS = SigningTestVectors.load();
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final SigningPolicy PUSH = policy("pushKey");
    private static final SigningPolicy PLAY = policy("playKey");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.20", 50_000);

    static List<SigningTestVectors.VerifyCase> verifyCases() {
        return VECTORS.verify();
    }

    /** The node reaches every published verdict: allowed exactly when the vector says so. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("verifyCases")
    void followsTheTestVectors(SigningTestVectors.VerifyCase c) {
        StreamUrl url = StreamUrl.parse(c.url());
        String domain = url.query().getOrDefault("vhost", url.host());
        Map<String, DomainConfig> domains = new HashMap<>();
        UrlVerifier verifier = new UrlVerifier(c.policy().policy(), VECTORS.clockSkew());
        if (c.action() == StreamAction.PUBLISH) {
            domains.put(domain, new DomainConfig(domain, DomainConfig.Type.PUSH, null, verifier));
        } else {
            domains.put("origin.example.com", push("origin.example.com"));
            domains.put(domain, new DomainConfig(domain, DomainConfig.Type.PULL, "origin.example.com", verifier));
        }
        Clock clock = Clock.fixed(Instant.ofEpochSecond(c.now()), ZoneOffset.UTC);
        SignedUrlAuthorizer authorizer = authorizer(new DomainSnapshot(domains), clock, FailureThrottle.defaults());
        DeliveryProtocol protocol = url.scheme().startsWith("rtmp") ? DeliveryProtocol.RTMP
                : url.path().endsWith(".m3u8") ? DeliveryProtocol.HLS_PLAYLIST : DeliveryProtocol.HTTP_FLV;
        InetSocketAddress client = new InetSocketAddress(c.clientIp() == null ? "192.0.2.1" : c.clientIp(), 1935);
        StreamRequest request = new StreamRequest(new StreamKey(domain, url.app(), url.stream()), protocol,
                url.path(), url.query(), client);

        AuthDecision decision = (c.action() == StreamAction.PUBLISH ? authorizer.authorizePublish(request)
                : authorizer.authorizePlay(request)).toCompletableFuture().join();

        assertThat(decision.allowed()).as(decision.reason()).isEqualTo(c.expected().equals("ALLOWED"));
        if (!decision.allowed()) {
            assertThat(decision.reason()).startsWith(c.expected());
        }
    }

    @Test
    void pullDomainPlaysItsPushDomainsStream() {
        AuthDecision decision = play(DeliveryProtocol.RTMP, "play.example.com", "/live/demo", signed(PLAY,
                "rtmp://play.example.com/live/demo"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.stream()).isEqualTo(new StreamKey("push.example.com", "live", "demo"));
        assertThat(decision.hlsSession()).isNull();
    }

    @Test
    void refusesTheWrongDirectionAndUnknownDomains() {
        SignedUrlAuthorizer authorizer = authorizer(snapshot(), Clock.fixed(NOW, ZoneOffset.UTC),
                FailureThrottle.defaults());
        StreamRequest publishOnPull = request(DeliveryProtocol.RTMP, "play.example.com", "/live/demo",
                signed(PLAY, "rtmp://play.example.com/live/demo"));
        StreamRequest unknown = request(DeliveryProtocol.RTMP, "elsewhere.example.com", "/live/demo", Map.of());

        assertThat(authorizer.authorizePublish(publishOnPull).toCompletableFuture().join().reason())
                .isEqualTo("publish on pull domain play.example.com");
        assertThat(play(DeliveryProtocol.HTTP_FLV, "push.example.com", "/live/demo.flv",
                signed(PUSH, "http://push.example.com/live/demo.flv")).reason())
                .isEqualTo("play on push domain push.example.com");
        assertThat(authorizer.authorizePublish(unknown).toCompletableFuture().join().reason())
                .isEqualTo("unknown domain elsewhere.example.com");
    }

    @Test
    void signedPlaylistOpensAnHlsSessionThatSegmentsMustCarry() {
        AuthDecision playlist = play(DeliveryProtocol.HLS_PLAYLIST, "play.example.com", "/live/demo.m3u8",
                signed(PLAY, "http://play.example.com/live/demo.m3u8"));
        assertThat(playlist.hlsSession()).isNotNull();

        AuthDecision segment = play(DeliveryProtocol.HLS_SEGMENT, "play.example.com", "/live/demo/seg-3.ts",
                Map.of(StreamTokens.SESSION_PARAMETER, playlist.hlsSession()));
        AuthDecision child = play(DeliveryProtocol.HLS_PLAYLIST, "play.example.com", "/live/demo.m3u8",
                Map.of(StreamTokens.SESSION_PARAMETER, playlist.hlsSession()));
        AuthDecision bare = play(DeliveryProtocol.HLS_SEGMENT, "play.example.com", "/live/demo/seg-3.ts", Map.of());
        AuthDecision signedSegment = play(DeliveryProtocol.HLS_SEGMENT, "play.example.com", "/live/demo/seg-3.ts",
                signed(PLAY, "http://play.example.com/live/demo.flv"));

        assertThat(segment.allowed()).isTrue();
        assertThat(segment.stream()).isEqualTo(new StreamKey("push.example.com", "live", "demo"));
        assertThat(child.allowed()).isTrue();
        assertThat(child.hlsSession()).isEqualTo(playlist.hlsSession());
        assertThat(bare.allowed()).isFalse();
        assertThat(signedSegment.allowed()).as("a segment needs the session, not a signature").isFalse();
    }

    @Test
    void repeatedFailuresFromOneAddressAreDelayedButItsValidRequestsNever() throws Exception {
        FailureThrottle throttle = new FailureThrottle(2, Duration.ofMinutes(1), Duration.ofMillis(300),
                Duration.ofSeconds(1), Clock.systemUTC());
        SignedUrlAuthorizer authorizer = authorizer(snapshot(), Clock.fixed(NOW, ZoneOffset.UTC), throttle);
        StreamRequest bad = request(DeliveryProtocol.HTTP_FLV, "play.example.com", "/live/demo.flv", Map.of());
        StreamRequest good = request(DeliveryProtocol.HTTP_FLV, "play.example.com", "/live/demo.flv",
                signed(PLAY, "http://play.example.com/live/demo.flv"));

        for (int i = 0; i < 3; i++) {
            assertThat(authorizer.authorizePlay(bad).toCompletableFuture().isDone()).as("free failure " + i).isTrue();
        }
        CompletableFuture<AuthDecision> slowed = authorizer.authorizePlay(bad).toCompletableFuture();
        assertThat(slowed.isDone()).isFalse();
        assertThat(slowed.get(5, TimeUnit.SECONDS).allowed()).isFalse();

        CompletableFuture<AuthDecision> success = authorizer.authorizePlay(good).toCompletableFuture();
        assertThat(success.isDone()).as("a valid request is answered at once").isTrue();
        assertThat(success.get(5, TimeUnit.SECONDS).allowed()).isTrue();
        assertThat(authorizer.authorizePlay(good).toCompletableFuture().isDone()).as("and the next one").isTrue();
        // A success does not wipe the count: a guesser holding one valid URL cannot reset its penalty with it.
        assertThat(authorizer.authorizePlay(bad).toCompletableFuture().isDone()).as("still penalized").isFalse();
    }

    private static AuthDecision play(DeliveryProtocol protocol, String domain, String path, Map<String, String> query) {
        SignedUrlAuthorizer authorizer = authorizer(snapshot(), Clock.fixed(NOW, ZoneOffset.UTC),
                FailureThrottle.defaults());
        return authorizer.authorizePlay(request(protocol, domain, path, query)).toCompletableFuture().join();
    }

    private static StreamRequest request(DeliveryProtocol protocol, String domain, String path,
            Map<String, String> query) {
        String[] parts = path.substring(1).split("/");
        String stream = parts[1].replaceFirst("(-\\d+)?\\.(flv|m3u8|ts)$", "");
        return new StreamRequest(new StreamKey(domain, parts[0], stream), protocol, path, query, CLIENT);
    }

    private static Map<String, String> signed(SigningPolicy policy, String url) {
        return StreamUrl.parse(UrlSigner.primary(policy).signUntil(url, NOW.plusSeconds(60))).query();
    }

    private static SignedUrlAuthorizer authorizer(DomainSnapshot snapshot, Clock clock, FailureThrottle throttle) {
        StreamTokens sessions = new StreamTokens("unit-test-session-secret".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1), clock);
        return new SignedUrlAuthorizer(() -> snapshot, sessions, throttle, clock);
    }

    private static DomainSnapshot snapshot() {
        return new DomainSnapshot(Map.of(
                "push.example.com", push("push.example.com"),
                "play.example.com", new DomainConfig("play.example.com", DomainConfig.Type.PULL, "push.example.com",
                        new UrlVerifier(PLAY))));
    }

    private static DomainConfig push(String name) {
        return new DomainConfig(name, DomainConfig.Type.PUSH, null, new UrlVerifier(PUSH));
    }

    private static SigningPolicy policy(String key) {
        return new SigningPolicy(SigningScheme.A, key, null, Duration.ofMinutes(30), List.of());
    }
}
