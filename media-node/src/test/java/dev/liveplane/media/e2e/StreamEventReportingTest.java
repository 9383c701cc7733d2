package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.server.stream.DomainOwner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's stream events when the control plane cannot take one of them: a batch refused whole is split down to
 * the bad event, events set aside in a 202 are not sent again, and the node's other events (every tenant's) still
 * arrive in order; a real PCM publish is reported with a codec name that fits the control plane.
 */
class StreamEventReportingTest {

    private static final String PUSH = "push.example.com";
    private static final String KEY = "pushKey-events-1";

    @TempDir
    Path dir;

    private FakeControlPlane controlPlane;
    private FleetNode fleet;
    private final List<Ffmpeg.Run> encoders = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        controlPlane = new FakeControlPlane();
        controlPlane.publish(1, FleetEndToEndTest.snapshot(1, FleetEndToEndTest.push(PUSH, KEY, true), "", ""));
        FleetSettings settings = FleetSettings.of(controlPlane.uri(), FakeControlPlane.BOOTSTRAP_TOKEN,
                        dir.resolve("state"))
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
        fleet = FleetNode.start(LocalNode.loopback(), settings, new FailureThrottle(10_000, Duration.ofMinutes(1),
                Duration.ofMillis(250), Duration.ofSeconds(8), Clock.systemUTC()));
        await("snapshot 1", () -> fleet.agent().snapshots().get().version() == 1, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Ffmpeg.Run run : encoders) {
            run.kill();
        }
        fleet.close();
        controlPlane.close();
    }

    @Test
    void aBatchRefusedWholeIsSplitDownToTheBadEventAndEveryOtherEventArrivesInOrder() throws Exception {
        controlPlane.refuseBatchesWith.add("bad");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String name = i == 4 ? "bad" : "s" + i;
            // Two tenants' domains in one batch: the bad event of one must not cost the other anything.
            fleet.agent().unpublished(new StreamKey(i % 2 == 0 ? PUSH : "other.example.net", "live", name), DomainOwner.NONE, "ended");
            if (i != 4) {
                expected.add(name);
            }
        }

        await("the 8 good events", () -> controlPlane.events.size() == 8, Duration.ofSeconds(15));
        assertThat(streams()).isEqualTo(expected);
        await("the refused event counted", () -> metrics().contains("liveplane_fleet_events_rejected_total 1.0"),
                Duration.ofSeconds(5));
        int posts = controlPlane.eventPosts.get();

        // Nothing is held back: a later event goes at once, and the bad one is never sent again.
        fleet.agent().unpublished(new StreamKey(PUSH, "live", "after"), DomainOwner.NONE, "ended");
        await("the later event", () -> controlPlane.events.size() == 9, Duration.ofSeconds(10));
        Thread.sleep(1000); // a node still retrying the bad event would post again within its backoff of 100 ms
        assertThat(controlPlane.eventPosts.get()).isEqualTo(posts + 1);
        assertThat(metrics()).contains("liveplane_fleet_events_queued 0.0");
    }

    @Test
    void eventsSetAsideInTheAnswerAreCountedAndNotSentAgain() throws Exception {
        controlPlane.setAside.add("odd");
        fleet.agent().unpublished(new StreamKey(PUSH, "live", "a"), DomainOwner.NONE, "ended");
        fleet.agent().unpublished(new StreamKey(PUSH, "live", "odd"), DomainOwner.NONE, "ended");
        fleet.agent().unpublished(new StreamKey(PUSH, "live", "b"), DomainOwner.NONE, "ended");

        await("the recorded events", () -> controlPlane.events.size() == 2, Duration.ofSeconds(10));
        await("the set-aside event counted", () -> metrics().contains("liveplane_fleet_events_rejected_total 1.0"),
                Duration.ofSeconds(5));
        int posts = controlPlane.eventPosts.get();
        Thread.sleep(1000);
        assertThat(controlPlane.eventPosts.get()).isEqualTo(posts);
        assertThat(streams()).containsExactly("a", "b");
    }

    @Test
    void aPcmPublishIsReportedWithACodecNameThatFits() throws Exception {
        String url = "rtmp://127.0.0.1:" + fleet.node().rtmpPort() + "/live/pcm?vhost=" + PUSH;
        String signed = UrlSigner.primary(new SigningPolicy(SigningScheme.A, KEY, null, Duration.ofSeconds(1800),
                List.of())).signUntil(url, Instant.now().plusSeconds(600));
        // FLV SoundFormat 3, linear PCM little-endian: the publish that once stopped every tenant's events.
        Ffmpeg.Run encoder = Ffmpeg.publish(signed, 3, "320x240", dir, "pcm_s16le");
        encoders.add(encoder);
        assertThat(encoder.await(Duration.ofSeconds(30))).as(encoder.stderr()).isZero();
        await("publish and unpublish", () -> controlPlane.events.size() >= 2, Duration.ofSeconds(10));

        JsonNode audio = controlPlane.events.get(0).path("audio");
        assertThat(audio.path("codec").asText()).isEqualTo("pcm_s16le");
        assertThat(audio.path("sampleRate").asInt()).isEqualTo(44100);
        assertThat(controlPlane.events.get(0).path("video").path("codec").asText()).isEqualTo("h264");
    }

    private List<String> streams() {
        return controlPlane.events.stream().map(e -> e.path("stream").asText()).toList();
    }

    private String metrics() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.node().adminPort()
                    + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
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
