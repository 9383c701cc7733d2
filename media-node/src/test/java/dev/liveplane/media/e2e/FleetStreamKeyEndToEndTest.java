package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.streamkey.StreamKeyCredential;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A node under a fake control plane taking publishes by persistent stream key, IVS style (ffmpeg pushes to
 * {@code rtmp://host/live/lpsk_...}): the key publishes its stream and keeps working where a signed URL has expired;
 * revoking it in the snapshot cuts the live publisher within 2 s and refuses it from then on.
 */
class FleetStreamKeyEndToEndTest extends FleetTestBase {

    private static final String KEY_ID = "01jd2k3m4n5p6q7r8s9t0vwxyz";

    @Test
    void aKeyPublishesItsStreamWhereAnExpiredSignedUrlIsRefusedAndARevokedKeyIsCutAndRefused() throws Exception {
        StreamKeyCredential key = StreamKeyCredential.generate(KEY_ID);
        controlPlane.publish(2, withKeys(2, streamKey(KEY_ID, "live", "studio", key.secretHash())));
        fleet = startNode(controlPlane.uri());
        awaitVersion(2, Duration.ofSeconds(10));

        Ffmpeg.Run keyed = publishWith(keyedPush("live", key.text()));
        awaitLive("studio", Duration.ofSeconds(15));
        assertThat(stream(key.text())).as("the key is no stream of its own").isNull();
        await("the publish event", () -> controlPlane.events("publish").stream()
                .anyMatch(e -> e.path("stream").asText().equals("studio")), Duration.ofSeconds(5));

        // The reconnect of a broadcaster after the signed URL would have expired: the signed URL is refused...
        String expired = UrlSigner.primary(policy(KEY)).signUntil("rtmp://127.0.0.1:" + fleet.node().rtmpPort()
                + "/live/studio2?vhost=" + PUSH, Instant.now().minusSeconds(60));
        Ffmpeg.Run late = publishWith(expired);
        assertThat(late.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(late.stderr()).contains("Publishing is not authorized");
        // ...while the key, set once, connects again: the encoder drops and comes back.
        keyed.kill();
        await("the dropped publisher to leave", () -> stream("studio") == null, Duration.ofSeconds(15));
        Ffmpeg.Run reconnected = publishWith(keyedPush("live", key.text()));
        awaitLive("studio", Duration.ofSeconds(15));
        assertThat(stream("studio").streamKeyId()).isEqualTo(KEY_ID);

        // Another app, or another secret for the id, is not this key.
        Ffmpeg.Run wrongApp = publishWith(keyedPush("other", key.text()));
        assertThat(wrongApp.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(wrongApp.stderr()).contains("Publishing is not authorized");
        Ffmpeg.Run forged = publishWith(keyedPush("live", StreamKeyCredential.generate(KEY_ID).text()));
        assertThat(forged.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(forged.stderr()).contains("Publishing is not authorized");
        assertThat(stream("studio")).as("refused publishers leave the live one alone").isNotNull();

        long revoked = System.nanoTime();
        controlPlane.publish(3, withKeys(3, ""));
        await("the revoked key's publisher to be cut", () -> stream("studio") == null, Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofMillis(2500));
        assertThat(reconnected.await(Duration.ofSeconds(10))).isNotZero();
        await("the unpublish event", () -> controlPlane.events("unpublish").stream()
                .anyMatch(e -> e.path("reason").asText().equals("stream_key_revoked")), Duration.ofSeconds(5));

        Ffmpeg.Run again = publishWith(keyedPush("live", key.text()));
        assertThat(again.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(again.stderr()).contains("Publishing is not authorized");
        assertThat(stream("studio")).isNull();
    }

    @Test
    void aSignedPublisherOfTheKeysStreamIsNotCutWhenTheKeyIsRevoked() throws Exception {
        StreamKeyCredential key = StreamKeyCredential.generate(KEY_ID);
        controlPlane.publish(2, withKeys(2, streamKey(KEY_ID, "live", "demo", key.secretHash())));
        fleet = startNode(controlPlane.uri());
        awaitVersion(2, Duration.ofSeconds(10));
        publish("live", "demo", KEY);
        awaitLive("demo", Duration.ofSeconds(15));

        controlPlane.publish(3, withKeys(3, ""));
        awaitVersion(3, Duration.ofSeconds(5));

        Thread.sleep(1500);
        assertThat(stream("demo")).isNotNull();
    }

    private String keyedPush(String app, String keyText) {
        // OBS would name the domain by the server's host; the node is reached by address here, so vhost names it.
        return "rtmp://127.0.0.1:" + fleet.node().rtmpPort() + "/" + app + "/" + keyText + "?vhost=" + PUSH;
    }

    private Ffmpeg.Run publishWith(String url) throws IOException {
        Ffmpeg.Run run = Ffmpeg.publish(url, 60, "320x240", dir, "aac");
        encoders.add(run);
        return run;
    }

    private static String withKeys(long version, String keys) {
        String base = snapshot(version, push(PUSH, KEY, true) + "," + pull(PLAY, PUSH, PLAY_KEY, true, ""), "", "");
        return base.substring(0, base.lastIndexOf('}')) + ", \"streamKeys\": [" + keys + "]}";
    }

    private static String streamKey(String id, String app, String stream, String secretHash) {
        return """
                {"id": "%s", "domain": "%s", "app": "%s", "stream": "%s", "secretHash": "%s"}
                """.formatted(id, PUSH, app, stream, secretHash);
    }
}
