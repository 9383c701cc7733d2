package dev.liveplane.controlplane.stream;

import static dev.liveplane.controlplane.NodeEvents.load;
import static dev.liveplane.controlplane.NodeEvents.publish;
import static dev.liveplane.controlplane.NodeEvents.unpublish;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class StreamsTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    NodeEvents nodes;

    @BeforeAll
    void nodes() {
        nodes = new NodeEvents(context);
    }

    @Test
    void onlineStreamsShowWhatThePublisherSendsAndViewersOnEveryNode() {
        Api.Tenant tenant = api.signUp("Broadcaster");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String other = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String edge1 = NodeEvents.nodeId();
        String edge2 = NodeEvents.nodeId();
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);

        nodes.report(edge1, publish(push, "live", "a"), publish(push, "live", "b"), publish(other, "live", "c"));
        nodes.heartbeat(edge1, load(push, "live", "a", 3).publishing(true).bitrateKbps(2400),
                load(push, "live", "b", 0).publishing(true).bitrateKbps(900));
        nodes.heartbeat(edge2, load(push, "live", "a", 4), load(push, "live", "b", 2));

        JsonNode items = api.get("/v1/streams?domain=" + push, tenant.token()).expect(200).json().get("items");
        assertThat(items.findValuesAsText("stream")).containsExactly("a", "b");
        JsonNode a = items.get(0);
        assertThat(a.get("domain").asText()).isEqualTo(push);
        assertThat(a.get("app").asText()).isEqualTo("live");
        assertThat(a.get("nodeId").asText()).isEqualTo(edge1);
        assertThat(a.get("viewers").asInt()).isEqualTo(7);
        assertThat(a.get("bitrateKbps").asInt()).isEqualTo(2400);
        assertThat(a.get("clientAddress").asText()).isEqualTo("198.51.100.7");
        assertThat(a.get("video").get("codec").asText()).isEqualTo("h264");
        assertThat(a.get("video").get("width").asInt()).isEqualTo(1280);
        assertThat(a.get("video").get("height").asInt()).isEqualTo(720);
        assertThat(a.get("video").get("frameRate").asDouble()).isEqualTo(30.0);
        assertThat(a.get("audio").get("codec").asText()).isEqualTo("aac");
        assertThat(a.get("audio").get("sampleRate").asInt()).isEqualTo(44100);
        assertThat(a.get("audio").get("channels").asInt()).isEqualTo(2);
        assertThat(OffsetDateTime.parse(a.get("startedAt").asText())).isAfter(before);
        assertThat(items.get(1).get("viewers").asInt()).isEqualTo(2);
        assertThat(items.get(1).get("bitrateKbps").asInt()).isEqualTo(900);

        // A heartbeat replaces what the node said before; a stream it no longer mentions has no viewers there.
        nodes.heartbeat(edge2, load(push, "live", "a", 1));
        items = api.get("/v1/streams?domain=" + push, tenant.token()).json().get("items");
        assertThat(items.findValuesAsText("viewers")).containsExactly("4", "0");
        nodes.heartbeat(edge2, load(push, "live", "a", 0), load(push, "live", "b", 6));
        nodes.heartbeat(edge2, load(push, "live", "a", 0), load(push, "live", "b", 5));
        items = api.get("/v1/streams?domain=" + push, tenant.token()).json().get("items");
        assertThat(items.findValuesAsText("viewers")).containsExactly("3", "5");

        List<String> all = new ArrayList<>(List.of(other + "/live/c", push + "/live/a", push + "/live/b"));
        all.sort(null);
        assertThat(pagedStreams(tenant, 2)).containsExactlyElementsOf(all);
        assertThat(pagedStreams(tenant, 1)).containsExactlyElementsOf(all);
        api.get("/v1/streams?pageToken=bm90LW91cnM", tenant.token()).expectProblem(400, "invalid-page-token");
    }

    @Test
    void aRepublishOnAnotherNodeIsNotEndedByTheOldNodesLateUnpublish() {
        Api.Tenant tenant = api.signUp("Mover");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String oldNode = NodeEvents.nodeId();
        String newNode = NodeEvents.nodeId();

        nodes.report(oldNode, publish(push, "live", "s"));
        nodes.report(newNode, publish(push.toUpperCase(), "live", "s"));
        nodes.report(oldNode, unpublish(push, "live", "s", "ended"));

        JsonNode items = api.get("/v1/streams", tenant.token()).json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("nodeId").asText()).isEqualTo(newNode);
        assertThat(items.get(0).get("domain").asText()).isEqualTo(push);

        nodes.report(newNode, unpublish(push, "live", "s", "ended"));
        assertThat(api.get("/v1/streams", tenant.token()).json().get("items")).isEmpty();

        // Within one batch, events apply in order.
        nodes.report(oldNode, publish(push, "live", "x"), unpublish(push, "live", "x", "ended"),
                publish(push, "live", "y"), unpublish(push, "live", "y", "ended"), publish(push, "live", "y"));
        assertThat(api.get("/v1/streams", tenant.token()).json().get("items").findValuesAsText("stream"))
                .containsExactly("y");
    }

    @Test
    void aSilencedNodesStreamsEndAndItsViewersAreNoLongerCounted() {
        Api.Tenant tenant = api.signUp("Lost");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String lost = NodeEvents.nodeId();
        String alive = NodeEvents.nodeId();
        nodes.report(lost, publish(push, "live", "one"), publish(push, "live", "two"));
        nodes.report(alive, publish(push, "live", "three"));
        nodes.heartbeat(lost, load(push, "live", "three", 5));
        nodes.heartbeat(alive, load(push, "live", "three", 2));
        assertThat(api.get("/v1/streams", tenant.token()).json().get("items").findValuesAsText("viewers"))
                .containsExactly("0", "7", "0");

        nodes.silenced(lost);

        JsonNode items = api.get("/v1/streams", tenant.token()).json().get("items");
        assertThat(items.findValuesAsText("stream")).containsExactly("three");
        assertThat(items.get(0).get("viewers").asInt()).isEqualTo(2);
    }

    @Test
    void eventsOfUnknownAndPullDomainsAreSkippedWithoutFailingTheBatch() {
        Api.Tenant tenant = api.signUp("Mixed");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String pull = api.createDomain(tenant, Api.uniqueName("play", "example.com"), "pull", push)
                .get("name").asText();
        String node = NodeEvents.nodeId();

        nodes.report(node, publish("nobody.example.net", "live", "s"), publish(pull, "live", "s"),
                publish(push, "live", "s"), unpublish("nobody.example.net", "live", "s", "ended"));

        JsonNode items = api.get("/v1/streams", tenant.token()).json().get("items");
        assertThat(items.findValuesAsText("domain")).containsExactly(push);
    }

    @Test
    void aThousandEventsInOneBatchAreRecordedWithAFixedNumberOfStatements() {
        Api.Tenant tenant = api.signUp("Busy");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String node = NodeEvents.nodeId();
        List<StreamEvent> publishes = new ArrayList<>();
        List<StreamEvent> unpublishes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            publishes.add(publish(push, "live", "s" + i));
            unpublishes.add(unpublish(push, "live", "s" + i, "ended"));
        }

        long started = System.nanoTime();
        nodes.report(node, publishes);
        nodes.report(node, unpublishes.subList(0, 500));
        long millis = (System.nanoTime() - started) / 1_000_000;

        // Loose: a batch a statement per event would take several seconds on this kind of machine.
        assertThat(millis).as("1,500 events recorded in ms").isLessThan(5_000);
        assertThat(pagedStreams(tenant, 100)).hasSize(500);
    }

    private List<String> pagedStreams(Api.Tenant tenant, int size) {
        List<String> all = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.get("/v1/streams?pageSize=" + size + (token == null ? "" : "&pageToken=" + token),
                    tenant.token()).expect(200).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(size);
            page.get("items").forEach(item -> all.add(item.get("domain").asText() + "/" + item.get("app").asText()
                    + "/" + item.get("stream").asText()));
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);
        return all;
    }
}
