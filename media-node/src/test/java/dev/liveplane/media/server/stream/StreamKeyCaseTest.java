package dev.liveplane.media.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.NodeMetrics;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Names that differ only in case are one stream on the node, as in the control plane's database: a second publisher
 * is refused as busy, a viewer of either spelling reaches it, and the stream keeps its publisher's spelling.
 */
class StreamKeyCaseTest {

    private static final DomainOwner OWNER = new DomainOwner("dom-1", "tenant-a");

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final StreamRegistry registry = new StreamRegistry(
            new StreamSettings(1 << 20, 2_000, 1 << 20, 2, 1024, Duration.ofSeconds(30)),
            new NodeMetrics());
    private final List<LiveStream> published = new ArrayList<>();

    @AfterEach
    void release() {
        published.forEach(LiveStream::end);
        loop.runPendingTasks();
        loop.finishAndReleaseAll();
    }

    @Test
    void aSecondPublisherOfTheSameNameInAnotherCaseIsRefusedAsBusy() throws Exception {
        LiveStream cam = publish(new StreamKey("push.example.com", "live", "Cam"), reason -> { });

        assertThat(catchThrowable(() -> publish(new StreamKey("push.example.com", "LIVE", "cam"), reason -> { })))
                .isInstanceOf(StreamBusyException.class);
        assertThat(registry.size()).isOne();
        assertThat(registry.find(new StreamKey("Push.Example.com", "live", "CAM"), OWNER)).containsSame(cam);
        assertThat(cam.key()).hasToString("push.example.com/live/Cam");
    }

    private LiveStream publish(StreamKey key, Publisher publisher) throws StreamBusyException {
        LiveStream stream = registry.publish(key, OWNER, loop.eventLoop(), publisher);
        published.add(stream);
        return stream;
    }
}
