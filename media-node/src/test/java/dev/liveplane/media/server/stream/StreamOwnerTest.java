package dev.liveplane.media.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.hls.HlsStreams;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream belongs to the registration of its push domain it was published under: requests authorized under
 * another registration (the name deleted and taken by another tenant) never reach it, live or ended, even in the
 * moments before the snapshot that replaced the registration has cut it; and a publish under the new registration
 * takes the stream's key from the old one at once.
 */
class StreamOwnerTest {

    private static final StreamKey KEY = new StreamKey("push.example.com", "live", "demo");
    private static final DomainOwner A = new DomainOwner("dom-1", "tenant-a");
    private static final DomainOwner B = new DomainOwner("dom-2", "tenant-b");
    private static final DomainOwner A_AGAIN = new DomainOwner("dom-3", "tenant-a");

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final HlsStreams hls = new HlsStreams(HlsSettings.DEFAULTS, Duration.ofSeconds(30));
    private final StreamRegistry registry = new StreamRegistry(
            new StreamSettings(1 << 20, 2_000, 1 << 20, 2, 1024, Duration.ofSeconds(30)),
            new NodeMetrics(), List.of(hls), StreamEventListener.NONE);
    private final List<LiveStream> published = new ArrayList<>();

    @AfterEach
    void release() {
        published.forEach(LiveStream::end);
        loop.runPendingTasks();
        hls.releaseAll();
        loop.finishAndReleaseAll();
    }

    @Test
    void aLiveStreamIsFoundOnlyUnderItsOwnRegistration() throws Exception {
        LiveStream stream = publish(A, reason -> { });

        assertThat(registry.find(KEY, A)).containsSame(stream);
        assertThat(registry.find(KEY, B)).isEmpty();
        assertThat(registry.find(KEY, A_AGAIN)).as("the same tenant, a new registration").isEmpty();
        assertThat(registry.find(KEY, DomainOwner.NONE)).isEmpty();
        assertThat(hls.find(KEY, A)).isPresent();
        assertThat(hls.find(KEY, B)).isEmpty();
    }

    @Test
    void aRegistrationWithoutIdIsJudgedByItsTenantAlone() {
        DomainOwner savedBeforeIds = new DomainOwner(null, "tenant-a");

        assertThat(savedBeforeIds.sameAs(A)).isTrue();
        assertThat(A.sameAs(savedBeforeIds)).isTrue();
        assertThat(savedBeforeIds.sameAs(B)).isFalse();
        assertThat(DomainOwner.NONE.sameAs(A)).isFalse();
        assertThat(DomainOwner.NONE.sameAs(DomainOwner.NONE)).isTrue();
    }

    @Test
    void theHlsKeptAfterAStreamEndsIsNotServedToAnotherRegistration() throws Exception {
        LiveStream stream = publish(A, reason -> { });
        stream.end();
        loop.runPendingTasks();

        assertThat(registry.find(KEY, A)).isEmpty();
        assertThat(hls.find(KEY, A)).as("kept for A's players to see the end").isPresent();
        assertThat(hls.find(KEY, B)).isEmpty();
    }

    @Test
    void aPublishUnderTheNewRegistrationEvictsTheOldOneAtOnce() throws Exception {
        List<String> evictions = new ArrayList<>();
        LiveStream old = publish(A, evictions::add);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> publish(A, reason -> { })))
                .as("the same registration: the live publisher keeps the stream")
                .isInstanceOf(StreamBusyException.class);

        LiveStream fresh = publish(B, reason -> { });

        assertThat(fresh).isNotSameAs(old);
        assertThat(evictions).hasSize(1);
        assertThat(evictions.get(0)).contains("dom-1@tenant-a").contains("dom-2@tenant-b");
        assertThat(registry.find(KEY, B)).containsSame(fresh);
        assertThat(registry.find(KEY, A)).isEmpty();
    }

    private LiveStream publish(DomainOwner owner, Publisher publisher) throws StreamBusyException {
        LiveStream stream = registry.publish(KEY, owner, loop.eventLoop(), publisher);
        published.add(stream);
        return stream;
    }
}
