package dev.liveplane.media.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A node serves its own prefix and bare paths, never another node's prefix, and names itself once it has a key. */
class NodePathTest {

    private final AtomicReference<String> key = new AtomicReference<>();
    private final NodePath path = new NodePath();

    NodePathTest() {
        path.identifyBy(key::get);
    }

    @Test
    void withoutAKeyBarePathsAreServedAndNamedAsTheyAreAndEveryPrefixIsAnotherNodes() {
        assertThat(path.served("/live/demo.m3u8")).contains("/live/demo.m3u8");
        assertThat(path.served("/_n/node-1/live/demo.m3u8")).isEmpty();
        assertThat(path.named("/live/demo.m3u8")).isEqualTo("/live/demo.m3u8");
    }

    @Test
    void withAKeyItsOwnPrefixIsServedWithoutItAndAnotherNodesIsNot() {
        key.set("node-1");
        assertThat(path.named("/live/demo.m3u8")).isEqualTo("/_n/node-1/live/demo.m3u8");
        assertThat(path.served("/_n/node-1/live/demo/seg-0123456789abcdef-4.ts"))
                .contains("/live/demo/seg-0123456789abcdef-4.ts");
        assertThat(path.served("/live/demo.m3u8")).contains("/live/demo.m3u8");
        for (String other : new String[] {"/_n/node-2/live/demo.m3u8", "/_n/node-10/live/demo.m3u8",
                "/_n/node-/live/demo.m3u8", "/_n/NODE-1/live/demo.m3u8", "/_n/node-1", "/_n//live/demo.m3u8"}) {
            assertThat(path.served(other)).as(other).isEmpty();
        }
    }

    @Test
    void aKeyThatCannotBeADnsLabelNamesNothing() {
        for (String bad : new String[] {"Node-1", "a.b", "-a", "a-", "a_b", "x".repeat(64), ""}) {
            key.set(bad);
            assertThat(NodePath.isKey(bad)).as(bad).isFalse();
            assertThat(path.named("/live/demo.m3u8")).as(bad).isEqualTo("/live/demo.m3u8");
        }
        assertThat(NodePath.isKey("01jeb1n0d3x7k2m9p4r6t8v0wy")).isTrue();
    }
}
