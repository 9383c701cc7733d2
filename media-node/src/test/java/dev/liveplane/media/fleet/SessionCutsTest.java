package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.DomainSnapshot;
import dev.liveplane.media.auth.IpRules;
import dev.liveplane.media.auth.RefererRules;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamSettings;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which running sessions a snapshot ends when a name changes hands: the publisher of a push domain registered again
 * (another id, or another tenant), and viewers whose pull domain now belongs to a registration bound elsewhere,
 * while a snapshot that keeps every registration cuts nothing.
 */
class SessionCutsTest {

    private static final String PUSH = "push.example.com";
    private static final String PLAY = "play.example.com";
    private static final StreamKey KEY = new StreamKey(PUSH, "live", "demo");
    private static final UrlVerifier VERIFIER = new UrlVerifier(new SigningPolicy(SigningScheme.A, "k", null,
            Duration.ofSeconds(1800), List.of()));

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private LiveStream stream;

    @BeforeEach
    void publish() throws Exception {
        StreamRegistry registry = new StreamRegistry(
                new StreamSettings(1 << 20, 2_000, 1 << 20, 2, 1024, Duration.ofSeconds(30)), new NodeMetrics());
        stream = registry.publish(KEY, new DomainOwner("push-1", "tenant-a"), loop.eventLoop(), reason -> { });
    }

    @AfterEach
    void end() {
        stream.end();
        loop.runPendingTasks();
        loop.finishAndReleaseAll();
    }

    @Test
    void theSameRegistrationsCutNothing() {
        DomainSnapshot same = snapshot(push("push-1", "tenant-a", true), pull("play-1", "tenant-a", PUSH));

        assertThat(SessionCuts.publisherCut(same, stream, Instant.now())).isNull();
        assertThat(SessionCuts.viewerCut(same, stream, PLAY)).isNull();
    }

    @Test
    void aPushDomainRegisteredAgainCutsThePublisherAndItsViewers() {
        for (DomainConfig again : List.of(push("push-2", "tenant-b", true), push("push-2", "tenant-a", true),
                push("push-1", "tenant-b", true))) {
            DomainSnapshot next = snapshot(again, pull("play-1", "tenant-a", PUSH));

            assertThat(SessionCuts.publisherCut(next, stream, Instant.now())).as(again.owner().toString())
                    .isEqualTo("domain_removed");
            assertThat(SessionCuts.viewerCut(next, stream, PLAY)).isEqualTo("domain_removed");
        }
        assertThat(SessionCuts.publisherCut(snapshot(push("push-1", "tenant-a", false)), stream, Instant.now()))
                .isEqualTo("domain_disabled");
    }

    @Test
    void aPullDomainTakenByAnotherTenantCutsItsViewersButNotThePublisher() {
        DomainSnapshot next = snapshot(push("push-1", "tenant-a", true), push("push-9", "tenant-b", true,
                "b.example.com"), pull("play-2", "tenant-b", "b.example.com"));

        assertThat(SessionCuts.publisherCut(next, stream, Instant.now())).isNull();
        assertThat(SessionCuts.viewerCut(next, stream, PLAY)).isEqualTo("domain_removed");
    }

    private static DomainSnapshot snapshot(DomainConfig... domains) {
        Map<String, DomainConfig> byName = new LinkedHashMap<>();
        for (DomainConfig domain : domains) {
            byName.put(domain.name(), domain);
        }
        return new DomainSnapshot(2, byName, Map.of(), Set.of(), null);
    }

    private static DomainConfig push(String id, String tenant, boolean enabled) {
        return push(id, tenant, enabled, PUSH);
    }

    private static DomainConfig push(String id, String tenant, boolean enabled, String name) {
        return new DomainConfig(name, DomainConfig.Type.PUSH, null, VERIFIER, tenant, enabled, RefererRules.NONE,
                IpRules.NONE, id);
    }

    private static DomainConfig pull(String id, String tenant, String pushDomain) {
        return new DomainConfig(PLAY, DomainConfig.Type.PULL, pushDomain, VERIFIER, tenant, true, RefererRules.NONE,
                IpRules.NONE, id);
    }
}
