package dev.liveplane.controlplane.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.web.model.AudioTrack;
import dev.liveplane.controlplane.web.model.VideoTrack;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A webhook's tracks are written byte for byte as before they became the node protocol's types: tenants parse this
 * JSON, and it was written from the tenant API's models until the node's requests were read into the api module's.
 */
@MicronautTest
class WebhookTracksTest extends ApiTestBase {

    @Inject
    JsonMapper json;

    @Test
    void tracksAreWrittenAsTheTenantApiWroteThem() throws IOException {
        String full = "{\"domain\":\"push.example.com\",\"app\":\"live\",\"stream\":\"s\",\"nodeId\":\"n1\","
                + "\"at\":\"2030-01-01T00:00:00Z\",\"video\":{\"codec\":\"h264\",\"width\":1280,\"height\":720,"
                + "\"frameRate\":29.97},\"audio\":{\"codec\":\"aac\",\"sampleRate\":44100,\"channels\":2},"
                + "\"bitrateKbps\":2500}";

        assertThat(json.writeValueAsString(data(
                new dev.liveplane.api.node.model.VideoTrack().codec("h264").width(1280).height(720).frameRate(29.97),
                new dev.liveplane.api.node.model.AudioTrack().codec("aac").sampleRate(44100).channels(2))))
                .isEqualTo(full);
        assertThat(json.writeValueAsString(new VideoTrack("h264").width(1280).height(720).frameRate(29.97)))
                .isEqualTo(json.writeValueAsString(new dev.liveplane.api.node.model.VideoTrack().codec("h264")
                        .width(1280).height(720).frameRate(29.97)));
        assertThat(json.writeValueAsString(new AudioTrack("aac").sampleRate(44100).channels(2)))
                .isEqualTo(json.writeValueAsString(new dev.liveplane.api.node.model.AudioTrack().codec("aac")
                        .sampleRate(44100).channels(2)));
    }

    @Test
    void aTrackWithOnlyItsCodecLeavesTheRestOut() throws IOException {
        assertThat(json.writeValueAsString(new dev.liveplane.api.node.model.VideoTrack().codec("h264")))
                .isEqualTo(json.writeValueAsString(new VideoTrack("h264"))).isEqualTo("{\"codec\":\"h264\"}");
        assertThat(json.writeValueAsString(new dev.liveplane.api.node.model.AudioTrack().codec("pcm_s16le")))
                .isEqualTo(json.writeValueAsString(new AudioTrack("pcm_s16le")))
                .isEqualTo("{\"codec\":\"pcm_s16le\"}");
    }

    private static WebhookData data(dev.liveplane.api.node.model.VideoTrack video,
            dev.liveplane.api.node.model.AudioTrack audio) {
        return new WebhookData("push.example.com", "live", "s", "n1", "2030-01-01T00:00:00Z", null, video, audio,
                2500, null);
    }
}
