package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.AuthDecision.Refusal;
import dev.liveplane.media.server.stream.AuthDecision;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a control-plane snapshot adds to signed URLs: disabled domains, forbids, suspensions, access rules. */
class FleetSnapshotRulesTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final SigningPolicy PUSH = policy("pushKey");
    private static final SigningPolicy PLAY = policy("playKey");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.20", 50_000);
    private static final StreamKey DEMO = new StreamKey("push.example.com", "live", "demo");

    @Test
    void aDisabledDomainRefusesPublishAndPlayAsForbidden() {
        DomainSnapshot snapshot = snapshot(false, true, Map.of(), Set.of(), IpRules.NONE, RefererRules.NONE);
        assertThat(publish(snapshot, "demo").refusal()).isEqualTo(Refusal.FORBIDDEN);
        assertThat(play(snapshot(true, false, Map.of(), Set.of(), IpRules.NONE, RefererRules.NONE), null).refusal())
                .isEqualTo(Refusal.FORBIDDEN);
    }

    @Test
    void aForbiddenStreamRefusesPublishUntilItsForbidEnds() {
        DomainSnapshot forever = snapshot(true, true, Map.of(DEMO, Instant.MAX), Set.of(), IpRules.NONE,
                RefererRules.NONE);
        AuthDecision refused = publish(forever, "demo");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusal()).isEqualTo(Refusal.FORBIDDEN);
        assertThat(refused.reason()).contains("forbidden");
        assertThat(publish(forever, "other").allowed()).isTrue();
        assertThat(play(forever, null).allowed()).as("viewers of a forbidden stream are not the forbid's target")
                .isTrue();

        DomainSnapshot until = snapshot(true, true, Map.of(DEMO, NOW.plusSeconds(1)), Set.of(), IpRules.NONE,
                RefererRules.NONE);
        assertThat(publish(until, "demo").allowed()).isFalse();
        DomainSnapshot ended = snapshot(true, true, Map.of(DEMO, NOW), Set.of(), IpRules.NONE, RefererRules.NONE);
        assertThat(publish(ended, "demo").allowed()).isTrue();
    }

    @Test
    void aForbidCoversEveryCaseOfTheName() {
        // The control plane's database holds live/Demo and live/DEMO as one stream, so one forbid holds them all.
        DomainSnapshot snapshot = snapshot(true, true, Map.of(new StreamKey("push.example.com", "Live", "DEMO"),
                Instant.MAX), Set.of(), IpRules.NONE, RefererRules.NONE);
        for (String stream : new String[] {"demo", "Demo", "DEMO"}) {
            assertThat(publish(snapshot, stream).refusal()).as(stream).isEqualTo(Refusal.FORBIDDEN);
            assertThat(snapshot.publisherCut(new StreamKey("push.example.com", "live", stream), NOW)).as(stream)
                    .isEqualTo("forbidden");
        }
        assertThat(publish(snapshot, "demo-1").allowed()).isTrue();
    }

    @Test
    void aSuspendedTenantsPullDomainsRefusePlaysButItsEncodersPublish() {
        DomainSnapshot snapshot = snapshot(true, true, Map.of(), Set.of("tenant-1"), IpRules.NONE, RefererRules.NONE);
        assertThat(play(snapshot, null).refusal()).isEqualTo(Refusal.FORBIDDEN);
        assertThat(publish(snapshot, "demo").allowed()).isTrue();
    }

    @Test
    void ipAndRefererRulesRefuseAsUnauthorized() {
        DomainSnapshot ip = snapshot(true, true, Map.of(), Set.of(),
                IpRules.parse(List.of(), List.of("198.51.100.0/24")), RefererRules.NONE);
        assertThat(play(ip, null).refusal()).isEqualTo(Refusal.UNAUTHORIZED);
        assertThat(play(ip, null).reason()).contains("198.51.100.20");

        DomainSnapshot referer = snapshot(true, true, Map.of(), Set.of(), IpRules.NONE,
                new RefererRules(List.of("*.example.org"), List.of()));
        assertThat(play(referer, "https://www.example.org/page").allowed()).isTrue();
        assertThat(play(referer, "https://www.example.net/page").refusal()).isEqualTo(Refusal.UNAUTHORIZED);
        assertThat(play(referer, null).allowed()).isFalse();
    }

    @Test
    void refererListsGuardPlaysOnlyForEncodersSendNoPage() {
        RefererRules onlyOurSite = new RefererRules(List.of("example.org"), List.of());
        Map<String, DomainConfig> domains = new HashMap<>(snapshot(true, true, Map.of(), Set.of(), IpRules.NONE,
                RefererRules.NONE).domains());
        domains.put("push.example.com", new DomainConfig("push.example.com", DomainConfig.Type.PUSH, null,
                new UrlVerifier(PUSH), "tenant-1", true, onlyOurSite, IpRules.NONE));
        DomainSnapshot snapshot = new DomainSnapshot(8, domains, Map.of(), Set.of(), null);

        assertThat(publish(snapshot, "demo").allowed()).as("OBS publishes without a pageUrl").isTrue();
        IpRules officeOnly = IpRules.parse(List.of("203.0.113.0/24"), List.of());
        domains.put("push.example.com", new DomainConfig("push.example.com", DomainConfig.Type.PUSH, null,
                new UrlVerifier(PUSH), "tenant-1", true, RefererRules.NONE, officeOnly));
        assertThat(publish(new DomainSnapshot(9, domains, Map.of(), Set.of(), null), "demo").allowed())
                .as("IP lists do guard publishes").isFalse();
    }

    @Test
    void hlsSessionsSignedWithTheSnapshotsSecretWorkOnEveryNode() {
        StreamTokens shared = new StreamTokens("fleet-wide-hls-secret-01".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(12), CLOCK);
        DomainSnapshot base = snapshot(true, true, Map.of(), Set.of(), IpRules.NONE, RefererRules.NONE);
        DomainSnapshot snapshot = new DomainSnapshot(3, base.domains(), Map.of(), Set.of(), shared);
        SignedUrlAuthorizer nodeA = authorizer(snapshot, "node-a-own-secret-0123");
        SignedUrlAuthorizer nodeB = authorizer(snapshot, "node-b-own-secret-4567");

        Map<String, String> query = signed(PLAY, "http://play.example.com/live/demo.m3u8");
        AuthDecision master = nodeA.authorizePlay(request(DeliveryProtocol.HLS_PLAYLIST, "/live/demo.m3u8", query,
                null)).toCompletableFuture().join();
        assertThat(master.hlsSession()).isNotNull();
        Map<String, String> segmentQuery = Map.of(StreamTokens.SESSION_PARAMETER, master.hlsSession());
        AuthDecision segment = nodeB.authorizePlay(request(DeliveryProtocol.HLS_SEGMENT, "/live/demo/seg-3.ts",
                segmentQuery, null)).toCompletableFuture().join();
        assertThat(segment.allowed()).isTrue();
    }

    private static AuthDecision publish(DomainSnapshot snapshot, String stream) {
        String url = "rtmp://push.example.com/live/" + stream;
        StreamRequest request = new StreamRequest(new StreamKey("push.example.com", "live", stream),
                DeliveryProtocol.RTMP, "/live/" + stream, signed(PUSH, url), CLIENT);
        return authorizer(snapshot, "own-secret-0123456789").authorizePublish(request).toCompletableFuture().join();
    }

    private static AuthDecision play(DomainSnapshot snapshot, String referer) {
        return authorizer(snapshot, "own-secret-0123456789").authorizePlay(request(DeliveryProtocol.HTTP_FLV,
                "/live/demo.flv", signed(PLAY, "http://play.example.com/live/demo.flv"), referer))
                .toCompletableFuture().join();
    }

    private static StreamRequest request(DeliveryProtocol protocol, String path, Map<String, String> query,
            String referer) {
        return new StreamRequest(new StreamKey("play.example.com", "live", "demo"), protocol, path, query, CLIENT,
                referer);
    }

    private static DomainSnapshot snapshot(boolean pushEnabled, boolean playEnabled, Map<StreamKey, Instant> forbidden,
            Set<String> suspended, IpRules ips, RefererRules referers) {
        Map<String, DomainConfig> domains = new HashMap<>();
        domains.put("push.example.com", new DomainConfig("push.example.com", DomainConfig.Type.PUSH, null,
                new UrlVerifier(PUSH), "tenant-1", pushEnabled, RefererRules.NONE, IpRules.NONE));
        domains.put("play.example.com", new DomainConfig("play.example.com", DomainConfig.Type.PULL,
                "push.example.com", new UrlVerifier(PLAY), "tenant-1", playEnabled, referers, ips));
        return new DomainSnapshot(7, domains, forbidden, suspended, null);
    }

    private static SignedUrlAuthorizer authorizer(DomainSnapshot snapshot, String ownSecret) {
        return new SignedUrlAuthorizer(() -> snapshot, new StreamTokens(ownSecret.getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1), CLOCK), new FailureThrottle(1000, Duration.ofMinutes(1), Duration.ofMillis(1),
                Duration.ofMillis(1), CLOCK), CLOCK);
    }

    private static Map<String, String> signed(SigningPolicy policy, String url) {
        return StreamUrl.parse(UrlSigner.primary(policy).signUntil(url, NOW.plusSeconds(60))).query();
    }

    private static SigningPolicy policy(String key) {
        return new SigningPolicy(SigningScheme.A, key, null, Duration.ofMinutes(30), List.of());
    }
}
