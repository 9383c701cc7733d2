package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.stream.StreamKey;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots applied on the agent's thread reach {@code snapshot.json} on the saver's own thread: apply does not wait
 * for the write, a burst of deltas ends with the last one on disk (older ones waiting are dropped, never written
 * after it), and stopping writes the one still waiting. Real files in a temporary state directory.
 */
class SnapshotSaverTest {

    private static final String SNAPSHOT = """
            {"version": 1, "generatedAt": "2025-01-01T00:00:00Z",
             "hlsSessionSecret": "ZmxlZXQtaGxzLXNlc3Npb24tc2VjcmV0LTAxMjM0NTY3ODk=",
             "domains": [{"id": "d-a", "name": "a.example.com", "tenantId": "t1", "type": "push", "enabled": true,
               "scheme": "A", "validitySeconds": 1800, "primaryKey": "ka", "jwtKeys": [],
               "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []}],
             "forbiddenStreams": [], "suspendedTenants": [], "streamKeys": []}
            """;

    @TempDir
    Path dir;
    private final ConfigSnapshotReader reader = new ConfigSnapshotReader(Clock.systemUTC());
    /** Versions in the order the target finished writing them. */
    private final List<Long> written = new CopyOnWriteArrayList<>();
    private final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private SnapshotSaver saver;

    @AfterEach
    void stop() {
        gate.countDown();
        if (saver != null) {
            saver.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aBurstOfDeltasEndsWithTheLastSnapshotOnDiskAndARestartHoldsIt() throws Exception {
        StateDir state = new StateDir(dir);
        state.saveSnapshot(SNAPSHOT);
        saver = new SnapshotSaver(json -> recorded(state, json));
        SnapshotEnforcer enforcer = new SnapshotEnforcer(state, saver, reader, Clock.systemUTC());
        for (int i = 0; i < 30; i++) {
            applyNextDelta(enforcer);
        }
        HeldSnapshot last = enforcer.held();
        saver.close(Duration.ofSeconds(10));

        assertThat(last.version()).isEqualTo(31);
        assertThat(written).isSorted().endsWith(31L);
        assertThat(saved(state)).isEqualTo(NodeJson.MAPPER.readTree(NodeJson.write(last.wire())));
        SnapshotEnforcer restarted = new SnapshotEnforcer(state, new SnapshotSaver(state::saveSnapshot), reader,
                Clock.systemUTC());
        assertThat(restarted.source()).isEqualTo("disk");
        assertThat(restarted.current().version()).isEqualTo(31);
        assertThat(restarted.held().wire().getForbiddenStreams()).hasSize(30);
    }

    @Test
    void onlyTheLatestOfTheSnapshotsThatCameDuringAWriteIsWrittenNext() throws Exception {
        StateDir state = new StateDir(dir);
        saver = new SnapshotSaver(json -> {
            writing.countDown();
            awaitGate();
            return recorded(state, json);
        });
        SnapshotEnforcer enforcer = new SnapshotEnforcer(state, saver, reader, Clock.systemUTC());
        enforcer.apply(reader.readHeld(SNAPSHOT), StateDir.text(SNAPSHOT), "via=test");
        assertThat(writing.await(5, TimeUnit.SECONDS)).as("the first write started").isTrue();
        for (int i = 0; i < 5; i++) {
            applyNextDelta(enforcer);
        }
        gate.countDown();
        saver.close(Duration.ofSeconds(10));

        assertThat(written).containsExactly(1L, 6L);
        assertThat(saved(state).path("version").asLong()).isEqualTo(6);
    }

    @Test
    void applyReturnsWithoutWaitingForTheWriteAndTheNewSnapshotIsInForceAtOnce() throws Exception {
        StateDir state = new StateDir(dir);
        state.saveSnapshot(SNAPSHOT);
        saver = new SnapshotSaver(json -> {
            writing.countDown();
            awaitGate();
            return recorded(state, json);
        });
        SnapshotEnforcer enforcer = new SnapshotEnforcer(state, saver, reader, Clock.systemUTC());

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> applyNextDelta(enforcer));
        assertThat(writing.await(5, TimeUnit.SECONDS)).as("the write started").isTrue();
        assertThat(enforcer.current().version()).isEqualTo(2);
        assertThat(enforcer.current().isForbidden(new StreamKey("a.example.com", "live", "s1"), Instant.now()))
                .isTrue();
        assertThat(saved(state).path("version").asLong()).as("still being written").isEqualTo(1);

        gate.countDown();
        saver.close(Duration.ofSeconds(10));
        assertThat(saved(state).path("version").asLong()).isEqualTo(2);
    }

    @Test
    void stoppingWritesTheSnapshotStillWaiting() throws Exception {
        StateDir state = new StateDir(dir);
        saver = new SnapshotSaver(json -> {
            writing.countDown();
            awaitGate();
            return recorded(state, json);
        });
        SnapshotEnforcer enforcer = new SnapshotEnforcer(state, saver, reader, Clock.systemUTC());
        enforcer.apply(reader.readHeld(SNAPSHOT), StateDir.text(SNAPSHOT), "via=test");
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        applyNextDelta(enforcer);
        applyNextDelta(enforcer);
        Thread release = new Thread(() -> {
            sleep(300);
            gate.countDown();
        });
        release.start();

        saver.close(Duration.ofSeconds(10)); // called while version 1 is still being written and 3 waits
        assertThat(written).containsExactly(1L, 3L);
        assertThat(saved(state).path("version").asLong()).isEqualTo(3);
        release.join();
    }

    @Test
    void aWriteThatOutlastsTheStopTimeoutIsGivenUpAndTheFileKeepsTheSnapshotBefore() throws Exception {
        StateDir state = new StateDir(dir);
        state.saveSnapshot(SNAPSHOT);
        saver = new SnapshotSaver(json -> {
            writing.countDown();
            awaitGate();
            return recorded(state, json);
        });
        SnapshotEnforcer enforcer = new SnapshotEnforcer(state, saver, reader, Clock.systemUTC());
        applyNextDelta(enforcer);
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        saver.close(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(written).isEmpty();
        assertThat(saved(state).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aStreamedWriteThatFailsHalfwayLeavesTheOldFileWholeAndNoTemporaryFile() throws Exception {
        StateDir state = new StateDir(dir);
        state.saveSnapshot(SNAPSHOT);
        assertThatThrownBy(() -> state.saveSnapshot(out -> {
            out.write("{\"version\": 2, \"domains\": [".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(state.loadSnapshot()).contains(SNAPSHOT);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("snapshot.json");
        }
    }

    /** Applies a delta forbidding one more stream to what {@code enforcer} holds, as ConfigFollower does. */
    private void applyNextDelta(SnapshotEnforcer enforcer) throws Exception {
        HeldSnapshot held = enforcer.held();
        long from = held.version();
        String delta = """
                {"fromVersion": %d, "version": %d, "generatedAt": "2025-01-01T00:05:00Z", "domains": [],
                 "removedDomainIds": [], "forbiddenStreams": [{"domain": "a.example.com", "app": "live",
                 "stream": "s%d"}], "removedForbiddenStreams": [], "streamKeys": [], "removedStreamKeyIds": []}
                """.formatted(from, from + 1, from);
        HeldSnapshot next = reader.held(ConfigDeltas.apply(held, ConfigDeltas.read(delta)), held);
        enforcer.apply(next, out -> NodeJson.write(next.wire(), out), "via=delta");
    }

    private long recorded(StateDir state, StateDir.Content json) throws IOException {
        long bytes = state.saveSnapshot(json);
        written.add(NodeJson.MAPPER.readTree(state.loadSnapshot().orElseThrow()).path("version").asLong());
        return bytes;
    }

    private void awaitGate() throws IOException {
        try {
            gate.await();
        } catch (InterruptedException e) {
            throw new InterruptedIOException("stopped while writing");
        }
    }

    private static JsonNode saved(StateDir state) throws IOException {
        return NodeJson.MAPPER.readTree(state.loadSnapshot().orElseThrow());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
