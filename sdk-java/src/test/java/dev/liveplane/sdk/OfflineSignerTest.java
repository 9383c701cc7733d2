package dev.liveplane.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.SigningTestVectors;
import dev.liveplane.api.signing.SigningTestVectors.Policy;
import dev.liveplane.api.signing.SigningTestVectors.SignCase;
import dev.liveplane.api.signing.StreamAccess;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.sdk.generated.model.DomainAuth;
import dev.liveplane.sdk.generated.model.JwtKey;
import dev.liveplane.sdk.generated.model.PlayUrls;
import dev.liveplane.sdk.generated.model.PushUrls;
import dev.liveplane.sdk.generated.model.SignedUrls;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the SDK mints offline passes the api module's published vectors and its {@link UrlVerifier}. */
class OfflineSignerTest {

    private static final SigningTestVectors VECTORS = SigningTestVectors.load();
    private static final long SKEW = VECTORS.clockSkew().toSeconds();
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final Policy PUSH_A = VECTORS.policies().get("push-a");
    private static final Policy PLAY_A = VECTORS.policies().get("play-a");
    private static final Policy PUSH_TX = VECTORS.policies().get("push-tx");
    private static final Policy PLAY_JWT = VECTORS.policies().get("play-jwt");

    static List<SignCase> primaryKeyCases() {
        // The SDK signs with the primary key, as the API does; the secondary only verifies during a rotation.
        return VECTORS.sign().stream().filter(c -> !c.secondaryKey()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primaryKeyCases")
    void vectorUrlsSignedOfflineVerifyUntilTheirExpiry(SignCase c) {
        SigningPolicy policy = c.policy().policy();
        boolean tx = policy.scheme() == SigningScheme.TX;
        // A and HMAC date a URL validity-before its expiry; TX names the expiry itself.
        long expiry = tx ? c.timestamp() : c.timestamp() + policy.validity().toSeconds();
        StreamAction action = c.url().startsWith("rtmp") ? StreamAction.PUBLISH : StreamAction.PLAY;

        String minted = signer(c.policy(), null).sign(c.url(), action, Instant.ofEpochSecond(expiry));

        if (tx) {
            assertThat(minted).isEqualTo(c.expected());
        } else {
            // Only the random rand (and so the hash) may differ from the vector.
            String[] fields = StreamUrl.parse(minted).query().get("auth_key").split("-");
            String[] expected = StreamUrl.parse(c.expected()).query().get("auth_key").split("-");
            assertThat(fields[0]).isEqualTo(expected[0]);
            assertThat(fields[1]).matches("[0-9a-f]{32}");
            assertThat(fields[2]).isEqualTo("0");
            assertThat(withoutAuthKey(minted)).isEqualTo(withoutAuthKey(c.expected()));
        }
        UrlVerifier verifier = new UrlVerifier(policy, VECTORS.clockSkew());
        assertThat(verdict(verifier, action, minted, c.timestamp())).isEqualTo("ALLOWED");
        assertThat(verdict(verifier, action, minted, expiry + SKEW)).isEqualTo("ALLOWED");
        assertThat(verdict(verifier, action, minted, expiry + SKEW + 1)).isEqualTo("EXPIRED");
    }

    @Test
    void pushUrlAndItsObsSplitAsTheApiShapesThem() {
        SignedUrls urls = signer(PUSH_A, null).push("live", "demo");

        PushUrls push = urls.getPush();
        assertThat(urls.getPlay()).isNull();
        assertThat(push.getUrl()).startsWith("rtmp://push.example.com/live/demo?auth_key=1700000000-");
        assertThat(push.getServer()).isEqualTo("rtmp://push.example.com/live");
        assertThat(push.getStreamKey()).startsWith("demo?auth_key=");
        assertThat(push.getServer() + "/" + push.getStreamKey()).isEqualTo(push.getUrl());
        assertThat(urls.getExpiresAt()).isEqualTo(OffsetDateTime.ofInstant(NOW.plusSeconds(1800), ZoneOffset.UTC));
        UrlVerifier verifier = new UrlVerifier(PUSH_A.policy(), VECTORS.clockSkew());
        assertThat(verdict(verifier, StreamAction.PUBLISH, push.getUrl(), NOW.getEpochSecond())).isEqualTo("ALLOWED");
    }

    @Test
    void playUrlsForRtmpFlvAndHls() {
        SignedUrls urls = signer(PLAY_A, null).play("live", "demo");

        PlayUrls play = urls.getPlay();
        assertThat(urls.getPush()).isNull();
        assertThat(play.getRtmp()).startsWith("rtmp://play.example.com/live/demo?auth_key=");
        assertThat(play.getFlv()).startsWith("http://play.example.com/live/demo.flv?auth_key=");
        assertThat(play.getHls()).startsWith("http://play.example.com/live/demo.m3u8?auth_key=");
        UrlVerifier verifier = new UrlVerifier(PLAY_A.policy(), VECTORS.clockSkew());
        assertThat(List.of(play.getRtmp(), play.getFlv(), play.getHls()))
                .allSatisfy(url -> assertThat(verdict(verifier, StreamAction.PLAY, url, NOW.getEpochSecond()))
                        .isEqualTo("ALLOWED"));
        assertThat(verdict(verifier, StreamAction.PLAY, play.getFlv().replace("/demo.flv", "/other.flv"),
                NOW.getEpochSecond())).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void txPushUrlCarriesItsExpiry() {
        SignedUrls urls = signer(PUSH_TX, null).push("live", "demo", Duration.ofHours(1));

        long expiry = NOW.getEpochSecond() + 3600;
        assertThat(StreamUrl.parse(urls.getPush().getUrl()).query())
                .containsEntry("txTime", Long.toHexString(expiry).toUpperCase()).containsKey("txSecret");
        UrlVerifier verifier = new UrlVerifier(PUSH_TX.policy(), VECTORS.clockSkew());
        assertThat(verdict(verifier, StreamAction.PUBLISH, urls.getPush().getUrl(), expiry + SKEW))
                .isEqualTo("ALLOWED");
        assertThat(verdict(verifier, StreamAction.PUBLISH, urls.getPush().getUrl(), expiry + SKEW + 1))
                .isEqualTo("EXPIRED");
    }

    @Test
    void aShorterLifetimeEndsSooner() {
        SignedUrls urls = signer(PLAY_A, null).play("live", "demo", Duration.ofMinutes(10));

        long expiry = NOW.getEpochSecond() + 600;
        assertThat(urls.getExpiresAt().toEpochSecond()).isEqualTo(expiry);
        UrlVerifier verifier = new UrlVerifier(PLAY_A.policy(), VECTORS.clockSkew());
        assertThat(verdict(verifier, StreamAction.PLAY, urls.getPlay().getHls(), expiry + SKEW)).isEqualTo("ALLOWED");
        assertThat(verdict(verifier, StreamAction.PLAY, urls.getPlay().getHls(), expiry + SKEW + 1))
                .isEqualTo("EXPIRED");
    }

    @Test
    void aLifetimeBeyondTheValidityPeriodIsCapped() {
        SignedUrls urls = signer(PLAY_A, null).play("live", "demo", Duration.ofDays(1));

        assertThat(urls.getExpiresAt().toInstant()).isEqualTo(NOW.plusSeconds(1800));
    }

    @Test
    void aLifetimeUnderAMinuteIsRefused() {
        assertThatThrownBy(() -> signer(PLAY_A, null).play("live", "demo", Duration.ofSeconds(59)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("60 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "my show", "démo", "x?auth_key=forged", ".", "..", "cam%2D1"})
    void streamNamesTheApiWouldRefuseAreRefused(String stream) {
        assertThatThrownBy(() -> signer(PUSH_A, null).push("live", stream))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream");
        assertThatThrownBy(() -> signer(PLAY_A, null).play(stream, "demo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app");
    }

    /** The node reads /{app}/{stream}(.flv|.m3u8) back into the very names (media-node StreamNamePropertyTest). */
    @ParameterizedTest
    @ValueSource(strings = {"cam-1", "room-2024", "a.flv", "x.m3u8", "seg-1.ts", "...", "Cam~1_A", "-1"})
    void urlsCarryTheNamesVerbatimAsTheNodeReadsThem(String stream) {
        PlayUrls play = signer(PLAY_A, null).play("live-1", stream).getPlay();
        assertThat(StreamUrl.parse(play.getRtmp()).path()).isEqualTo("/live-1/" + stream);
        assertThat(StreamUrl.parse(play.getFlv()).path()).isEqualTo("/live-1/" + stream + ".flv");
        assertThat(StreamUrl.parse(play.getHls()).path()).isEqualTo("/live-1/" + stream + ".m3u8");
        assertThat(StreamUrl.parse(play.getFlv()).stream()).isEqualTo(stream);
        String push = signer(PUSH_A, null).push("live-1", stream).getPush().getUrl();
        assertThat(StreamUrl.parse(push).path()).isEqualTo("/live-1/" + stream);
    }

    @Test
    void tokensFromTheTenantsKeyPlayUntilTheyExpire() {
        SignedUrls urls = signer(PLAY_JWT, vectorKey()).play("live", "demo", Duration.ofMinutes(10));

        long expiry = NOW.getEpochSecond() + 600;
        UrlVerifier verifier = new UrlVerifier(PLAY_JWT.policy(), VECTORS.clockSkew());
        PlayUrls play = urls.getPlay();
        assertThat(List.of(play.getRtmp(), play.getFlv(), play.getHls())).allSatisfy(url -> {
            assertThat(StreamUrl.parse(url).query()).containsKey("token").doesNotContainKey("auth_key");
            assertThat(verdict(verifier, StreamAction.PLAY, url, NOW.getEpochSecond())).isEqualTo("ALLOWED");
            assertThat(verdict(verifier, StreamAction.PLAY, url, expiry + SKEW + 1)).isEqualTo("EXPIRED");
        });
        assertThat(verdict(verifier, StreamAction.PLAY, play.getFlv().replace("/demo.flv", "/other.flv"),
                NOW.getEpochSecond())).isEqualTo("WRONG_STREAM");
    }

    @Test
    void aPublishTokenDoesNotPlay() {
        String push = signer(PLAY_JWT, vectorKey()).push("live", "demo").getPush().getUrl();

        UrlVerifier verifier = new UrlVerifier(PLAY_JWT.policy(), VECTORS.clockSkew());
        assertThat(verdict(verifier, StreamAction.PUBLISH, push, NOW.getEpochSecond())).isEqualTo("ALLOWED");
        assertThat(verdict(verifier, StreamAction.PLAY, push, NOW.getEpochSecond())).isEqualTo("WRONG_ACTION");
    }

    @Test
    void aSharedKeyDomainWithAJwtKeyGetsTokensWhenGivenThePrivateKey() {
        String flv = signer(PLAY_A, vectorKey()).play("live", "demo").getPlay().getFlv();

        assertThat(StreamUrl.parse(flv).query()).containsKey("token").doesNotContainKey("auth_key");
        UrlVerifier verifier = new UrlVerifier(PLAY_A.policy(), VECTORS.clockSkew());
        assertThat(verdict(verifier, StreamAction.PLAY, flv, NOW.getEpochSecond())).isEqualTo("ALLOWED");
    }

    @Test
    void aJwtDomainNeedsThePrivateKey() {
        assertThatThrownBy(() -> signer(PLAY_JWT, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("playbackKey");
    }

    @Test
    void aKeyTheDomainDoesNotKnowIsRefusedBeforeItMintsRefusedTokens() throws JOSEException {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("tenant-key-1").generate();

        assertThatThrownBy(() -> signer(PLAY_JWT, stranger)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not registered on play.example.com");
    }

    @Test
    void signerFromTheApiFetchesTheSettingsOnceThenWorksOffline() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.then(ScriptedServer.Reply.json(200,
                    Bodies.domainAuth("HMAC", 3600, "hmacPrimaryKey-0123456789abcdef", "hmacSecondaryKey-0123456")));
            LiveplaneClient client = Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY).build();

            OfflineSigner signer = client.signing().offlineSigner("play.example.com");
            List<String> urls = List.of(signer.play("live", "a").getPlay().getFlv(),
                    signer.play("live", "b").getPlay().getHls(), signer.play("live", "c").getPlay().getRtmp());

            assertThat(server.requests()).extracting(ScriptedServer.Request::path)
                    .containsExactly("/v1/domains/play.example.com/auth");
            UrlVerifier verifier = new UrlVerifier(new SigningPolicy(SigningScheme.HMAC,
                    "hmacPrimaryKey-0123456789abcdef", null, Duration.ofSeconds(3600), List.of()));
            assertThat(urls).allSatisfy(url -> assertThat(verifier.verify(access(StreamAction.PLAY, url),
                    Instant.now()).code()).isEqualTo("ALLOWED"));
        }
    }

    private static OfflineSigner signer(Policy policy, ECKey playbackKey) {
        SigningPolicy p = policy.policy();
        DomainAuth auth = new DomainAuth()
                .scheme(dev.liveplane.sdk.generated.model.SigningScheme.fromValue(p.scheme().name()))
                .validitySeconds(p.validity().toSeconds()).primaryKey(p.primaryKey()).secondaryKey(p.secondaryKey())
                .jwtKeys(p.jwtKeys().stream().map(k -> new JwtKey().kid(k.keyId()).jwk(k.toJson())).toList());
        return OfflineSigner.builder().domain(policy.domain()).auth(auth).playbackKey(playbackKey)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    private static ECKey vectorKey() {
        try {
            return ECKey.parse(VECTORS.jwtTestPrivateKey());
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String verdict(UrlVerifier verifier, StreamAction action, String url, long now) {
        return verifier.verify(access(action, url), now).code();
    }

    /** The request a URL makes; a {@code vhost} parameter names the domain when the host is an address. */
    private static StreamAccess access(StreamAction action, String url) {
        StreamUrl parsed = StreamUrl.parse(url);
        String domain = parsed.query().getOrDefault("vhost", parsed.host());
        return new StreamAccess(action, domain, parsed.app(), parsed.stream(), parsed.path(), parsed.query(), null);
    }

    private static String withoutAuthKey(String url) {
        return url.replaceAll("[?&]auth_key=[^&]*", "");
    }
}
