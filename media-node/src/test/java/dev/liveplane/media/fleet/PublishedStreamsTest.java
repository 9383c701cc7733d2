package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.liveplane.api.stream.StreamKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's list of published streams follows the events in their order whatever the queue does: answered
 * batches, events dropped while a batch is out (they are newer than it) or while none is, and names the spec would
 * refuse.
 */
class PublishedStreamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDroppedUnpublishNewerThanTheBatchOutWinsOverThatBatchsPublish() {
        PublishedStreams list = new PublishedStreams();
        List<StreamEvent> batch = List.of(publish("a"), publish("b"));
        list.batchTaken();
        list.dropped(unpublish("a"));

        assertThat(listed(list)).as("nothing answered yet").isEmpty();
        list.batchAnswered(batch);
        assertThat(listed(list)).containsExactly("b");
    }

    @Test
    void aDroppedEventWithNoBatchOutCountsAtOnce() {
        PublishedStreams list = new PublishedStreams();
        list.dropped(publish("a"));
        assertThat(listed(list)).containsExactly("a");
        list.batchTaken();
        list.batchAnswered(List.of(unpublish("a"), publish("c")));
        assertThat(listed(list)).containsExactly("c");
    }

    @Test
    void namesTheSpecWouldRefuseAreLeftOutRatherThanFailingTheHeartbeat() {
        PublishedStreams list = new PublishedStreams();
        list.batchTaken();
        list.batchAnswered(List.of(publish("x".repeat(129)), publish("ok")));
        assertThat(listed(list)).containsExactly("ok");
    }

    /** Random queues with drops: the list always equals the events applied in their original order. */
    @Test
    void anyInterleavingOfBatchesAndDropsEndsAsTheEventsInOrder() {
        Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            PublishedStreams list = new PublishedStreams();
            List<StreamEvent> all = new ArrayList<>();
            List<StreamEvent> queue = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                StreamEvent event = random.nextBoolean() ? publish("s" + random.nextInt(4))
                        : unpublish("s" + random.nextInt(4));
                all.add(event);
                queue.add(event);
            }
            List<StreamEvent> out = null;
            while (!queue.isEmpty() || out != null) {
                int move = random.nextInt(3);
                if (move == 0 && out == null && !queue.isEmpty()) {
                    int size = 1 + random.nextInt(Math.min(5, queue.size()));
                    out = new ArrayList<>(queue.subList(0, size));
                    queue.subList(0, size).clear();
                    list.batchTaken();
                } else if (move == 1 && !queue.isEmpty()) {
                    list.dropped(queue.remove(0)); // the queue is full: its oldest goes
                } else if (out != null) {
                    list.batchAnswered(out);
                    out = null;
                }
            }
            TreeSet<String> expected = new TreeSet<>();
            for (StreamEvent event : all) {
                if (event.type().equals("publish")) {
                    expected.add(event.key().stream());
                } else {
                    expected.remove(event.key().stream());
                }
            }
            assertThat(listed(list)).as("round %d", round).containsExactlyElementsOf(expected);
        }
    }

    private static List<String> listed(PublishedStreams list) {
        ArrayNode written = JSON.createArrayNode();
        list.writeTo(written);
        List<String> names = new ArrayList<>();
        written.forEach(entry -> names.add(entry.path("stream").asText()));
        names.sort(null);
        return names;
    }

    private static StreamEvent publish(String stream) {
        return new StreamEvent(UUID.randomUUID().toString(), "publish", new StreamKey("push.example.com", "live",
                stream), null, Instant.parse("2030-01-01T00:00:00Z"), null, null);
    }

    private static StreamEvent unpublish(String stream) {
        return new StreamEvent(UUID.randomUUID().toString(), "unpublish", new StreamKey("push.example.com", "live",
                stream), null, Instant.parse("2030-01-01T00:00:00Z"), null, "ended");
    }
}
