package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeHeartbeatAck;
import dev.liveplane.api.node.model.NodeStatus;
import dev.liveplane.api.node.model.StreamOrigin;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node reads only JSON the spec describes, and writes only what it means to send. */
class NodeJsonTest {

    @Test
    void aHeartbeatWithoutTheListCarriesNoEmptyListThatWouldEndEveryStream() {
        String json = NodeJson.write(new NodeHeartbeat().configVersion(3L).draining(false).streams(List.of()));
        assertThat(json).doesNotContain("published").contains("\"streams\":[]");
    }

    @Test
    void whatTheSpecDescribesIsRead() throws IOException {
        NodeHeartbeatAck ack = NodeJson.read("""
                {"status": "DRAINING", "credential": "jwt", "expiresAt": "2025-01-01T00:00:00Z"}""",
                NodeHeartbeatAck.class);
        assertThat(ack.getStatus()).isEqualTo(NodeStatus.DRAINING);
        assertThat(ack.getExpiresAt().toInstant()).hasToString("2025-01-01T00:00:00Z");
    }

    @Test
    void aFieldTheSpecDoesNotNameAnUnknownEnumOrAWrongTypeIsRefused() {
        assertThatThrownBy(() -> NodeJson.read("{\"status\": \"HEALTHY\", \"extra\": 1}", NodeHeartbeatAck.class))
                .isInstanceOf(IOException.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> NodeJson.read("{\"status\": \"SLEEPY\"}", NodeHeartbeatAck.class))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> NodeJson.read("""
                {"nodeId": "n", "address": "10.0.0.1", "rtmpPort": "1935", "httpPort": 8080}""", StreamOrigin.class))
                .isInstanceOf(IOException.class).hasMessageContaining("rtmpPort");
        assertThatThrownBy(() -> NodeJson.read("null", StreamOrigin.class)).isInstanceOf(IOException.class);
    }
}
