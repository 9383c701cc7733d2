package dev.liveplane.controlplane.stream;

import static dev.liveplane.controlplane.NodeEvents.publish;
import static dev.liveplane.controlplane.NodeEvents.unpublish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publish history as the stream events leave it: one session per publish, closed once, replays ignored. */
@MicronautTest(transactional = false)
class PublishSessionsTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    @Inject
    TransactionOperations<Connection> transactions;

    NodeEvents nodes;

    @BeforeAll
    void nodes() {
        nodes = new NodeEvents(context);
    }

    @Test
    void aPublishAndUnpublishMakeOneClosedSessionWithItsCodecsAndReplaysChangeNothing() throws Exception {
        String push = pushDomain("History");
        String node = NodeEvents.nodeId();
        StreamEvent published = publish(push, "live", "s");
        StreamEvent unpublished = unpublish(push, "live", "s", "ended");

        nodes.report(node, published);
        nodes.report(node, unpublished);
        List<String> once = sessions(push);
        nodes.report(node, published);
        nodes.report(node, unpublished);

        assertThat(once).hasSize(1);
        assertThat(once.get(0)).startsWith(node + "|h264|1280|720|aac|ended|");
        assertThat(sessions(push)).isEqualTo(once);
    }

    @Test
    void aRepublishElsewhereAndASilencedNodeEndTheOpenSessions() throws Exception {
        String push = pushDomain("Moving");
        String first = NodeEvents.nodeId();
        String second = NodeEvents.nodeId();

        nodes.report(first, publish(push, "live", "s"));
        Thread.sleep(5);
        nodes.report(second, publish(push, "live", "s"));
        nodes.silenced(second);

        List<String> rows = sessions(push);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith(first + "|h264|1280|720|aac|" + PublishSessions.REPUBLISHED + "|");
        assertThat(rows.get(1)).startsWith(second + "|").doesNotEndWith("|null");
    }

    private String pushDomain(String tenant) {
        return api.createDomain(api.signUp(tenant), Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
    }

    /** node|video|width|height|audio|reason|started|ended per session of the domain, oldest first. */
    private List<String> sessions(String domain) {
        return transactions.executeRead(status -> read(status.getConnection(), domain));
    }

    private static List<String> read(Connection connection, String domain) throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT node_id, video_codec,"
                        + " video_width, video_height, audio_codec, end_reason, started_at, ended_at"
                        + " FROM publish_sessions WHERE domain = ? ORDER BY started_at, id")) {
            statement.setString(1, domain);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= 8; i++) {
                        columns.add(String.valueOf(result.getObject(i)));
                    }
                    rows.add(String.join("|", columns));
                }
            }
        }
        return rows;
    }
}
