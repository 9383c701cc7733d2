package dev.liveplane.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated nodes' bodies, written from the generated wire types, are JSON the spec describes. */
class ControlPlaneHttpTest {

    @Test
    void aHeartbeatLeavesOutWhatItDoesNotSetAsTheSpecWants() {
        // No "published": an absent list reconciles nothing, [] would end every stream of the node.
        assertThat(ControlPlaneHttp.body(new NodeHeartbeat().configVersion(7L).draining(false).connections(0)
                .streams(List.of())).toString())
                .isEqualTo("{\"configVersion\":7,\"draining\":false,\"connections\":0,\"streams\":[]}");
    }

    @Test
    void anEventCarriesItsTimeAsRfc3339TextAndItsTypeAsTheSpecSpellsIt() {
        StreamEvent event = new StreamEvent().id("e-1").type(StreamEventType.UNPUBLISH).domain("push.example.com")
                .app("live").stream("main").at(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))
                .reason("ended");

        assertThat(ControlPlaneHttp.body(event).toString()).isEqualTo("{\"id\":\"e-1\",\"type\":\"unpublish\","
                + "\"domain\":\"push.example.com\",\"app\":\"live\",\"stream\":\"main\","
                + "\"at\":\"2026-01-02T03:04:05Z\",\"reason\":\"ended\"}");
    }
}
