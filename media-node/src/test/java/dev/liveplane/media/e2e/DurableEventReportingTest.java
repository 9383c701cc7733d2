package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.StreamKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream events survive what a node's life throws at them: a kill -9 with a thousand unanswered events on disk, a
 * control plane down while events accrue, a spool whose last write was torn. Each arrives once, in order.
 */
class DurableEventReportingTest {

    private static final String PUSH = "push.example.com";
    /**
     * How long the control plane stays down in the outage test. The issue says 60 s; 10 s by default keeps the test
     * short and is equivalent, since with the tests' 1 s retry cap the node is at its steadiest backoff after 2 s.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("liveplane.test.outageSeconds", 10));

    @TempDir
    Path dir;

    private FakeControlPlane controlPlane;
    private final List<FleetNode> fleets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        controlPlane = controlPlane(0);
    }

    @AfterEach
    void stop() {
        fleets.forEach(FleetNode::close);
        controlPlane.close();
    }

    @Test
    void aNodeKilledWithAThousandUnansweredEventsSendsEachOnceAfterItsRestart() throws Exception {
        controlPlane.failNextEventPosts.set(Integer.MAX_VALUE); // the control plane answers no batch
        Path state = dir.resolve("state");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SpoolingNodeMain.class.getName(),
                controlPlane.uri().toString(), state.toString(), "1000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("the child to spool 1,000 events", () -> read(log).contains(SpoolingNodeMain.READY),
                    Duration.ofSeconds(60));
        } finally {
            child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
        }
        assertThat(controlPlane.events).isEmpty();

        controlPlane.failNextEventPosts.set(0);
        FleetNode restarted = fleet(state);
        await("1,000 events", () -> controlPlane.events.size() == 1000, Duration.ofSeconds(60));
        assertThat(streams()).containsExactlyElementsOf(numbered(1000));
        Thread.sleep(500);
        assertThat(controlPlane.eventsReceived.get()).as("each event sent once").isEqualTo(1000);
        await("the spool emptied", () -> metrics(restarted).contains("liveplane_fleet_events_queued 0.0"),
                Duration.ofSeconds(5));
    }

    @Test
    void eventsThatAccrueWhileTheControlPlaneIsDownAllArriveInOrder() throws Exception {
        FleetNode fleet = fleet(dir.resolve("state"));
        await("registration", () -> fleet.agent().identity().isPresent(), Duration.ofSeconds(10));
        int port = controlPlane.port();
        controlPlane.close();

        List<String> expected = new ArrayList<>();
        long end = System.nanoTime() + OUTAGE.toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            fleet.agent().unpublished(new StreamKey(PUSH, "live", "s" + i), DomainOwner.NONE, "ended");
            expected.add("s" + i);
            Thread.sleep(50);
        }
        assertThat(expected).hasSizeGreaterThan(20);

        controlPlane = controlPlane(port);
        await("every event", () -> controlPlane.events.size() == expected.size(), Duration.ofSeconds(30));
        assertThat(streams()).containsExactlyElementsOf(expected);
    }

    @Test
    void aTornSpoolTailIsReportedAndTheWholeEventsStillGoOut() throws Exception {
        controlPlane.failNextEventPosts.set(Integer.MAX_VALUE);
        Path state = dir.resolve("state");
        FleetNode first = fleet(state);
        for (int i = 0; i < 20; i++) {
            first.agent().unpublished(new StreamKey(PUSH, "live", "s" + i), DomainOwner.NONE, "ended");
        }
        await("20 events spooled",
                () -> metrics(first).contains("liveplane_fleet_spool_records{spool=\"events\"} 20.0"),
                Duration.ofSeconds(10));
        first.close();
        fleets.remove(first);

        List<Path> segments;
        try (Stream<Path> files = Files.list(state.resolve("spool/events"))) {
            segments = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        Path last = segments.get(segments.size() - 1);
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.setLength(file.length() - 7); // the last event's write was torn by the crash
        }

        controlPlane.failNextEventPosts.set(0);
        FleetNode second = fleet(state);
        await("the 19 whole events", () -> controlPlane.events.size() == 19, Duration.ofSeconds(20));
        assertThat(streams()).containsExactlyElementsOf(numbered(19));
        assertThat(metrics(second)).contains("liveplane_fleet_spool_damaged_total{spool=\"events\"} 1.0");
        Thread.sleep(500);
        assertThat(controlPlane.events).hasSize(19);
    }

    private FakeControlPlane controlPlane(int port) throws IOException {
        FakeControlPlane fake = new FakeControlPlane(port);
        fake.publish(1, FleetEndToEndTest.snapshot(1, FleetEndToEndTest.push(PUSH, "key-1", true), "", ""));
        return fake;
    }

    private FleetNode fleet(Path state) throws Exception {
        FleetSettings settings = FleetSettings.of(controlPlane.uri(), FakeControlPlane.BOOTSTRAP_TOKEN, state)
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
        FleetNode fleet = FleetNode.start(LocalNode.loopback(), settings);
        fleets.add(fleet);
        return fleet;
    }

    private List<String> streams() {
        return controlPlane.events.stream().map(e -> e.path("stream").asText()).toList();
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("s" + i);
        }
        return names;
    }

    private String metrics(FleetNode fleet) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.node().adminPort()
                    + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
