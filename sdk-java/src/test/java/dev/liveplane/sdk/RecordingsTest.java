package dev.liveplane.sdk;

import static dev.liveplane.sdk.ScriptedServer.Reply.json;
import static dev.liveplane.sdk.ScriptedServer.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.sdk.ScriptedServer.Reply;
import dev.liveplane.sdk.ScriptedServer.Request;
import dev.liveplane.sdk.generated.model.RecordingFormat;
import dev.liveplane.sdk.generated.model.RecordingPolicy;
import dev.liveplane.sdk.generated.model.RecordingRuleUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code client.recordings()}: each operation goes to its route with the credential and reads its answer. */
class RecordingsTest {

    private static final String PUSH = "push.example.com";
    private static final String RULE = "{\"domain\":\"push.example.com\",\"app\":\"*\",\"stream\":\"*\","
            + "\"enabled\":true,\"policy\":\"manual\",\"formats\":[\"hls\",\"mp4\"],\"cycleSeconds\":3600,"
            + "\"hlsSegmentSeconds\":6,\"keyTemplate\":\"{domain}/{app}/{stream}/{start}_{seq}\","
            + "\"reconnectWindowSeconds\":30,\"thumbnailIntervalSeconds\":60,\"updatedAt\":\"2026-12-03T10:15:42Z\"}";
    private static final String RECORDING = "{\"id\":\"r1\",\"sessionId\":\"s1\",\"domain\":\"push.example.com\","
            + "\"app\":\"live\",\"stream\":\"cam1\",\"sequence\":0,\"format\":\"flv\","
            + "\"key\":\"push.example.com/live/cam1/20261203T101542Z_0.flv\",\"bytes\":1125000000,"
            + "\"durationMs\":3600040,\"startedAt\":\"2026-12-03T10:15:42Z\",\"endedAt\":\"2026-12-03T11:15:42Z\","
            + "\"nodeId\":\"n1\",\"createdAt\":\"2026-12-03T11:15:44Z\","
            + "\"downloadUrl\":\"https://bucket.example/r1.flv?X-Amz-Signature=x\"}";
    /** ASCII, since the scripted server answers text; the SDK passes the body's bytes through as they come. */
    private static final String JPEG = "not really a JPEG";

    private final ScriptedServer server = ScriptedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> operations() {
        String rules = "/v1/domains/" + PUSH + "/recording";
        return Stream.of(
                op("listRecordingRules", json(200, "{\"items\":[" + RULE + "]}"),
                        c -> assertThat(c.recordings().rules(PUSH)).singleElement()
                                .satisfies(r -> assertThat(r.getPolicy()).isEqualTo(RecordingPolicy.MANUAL)),
                        "GET", rules),
                op("putRecordingRule", json(200, RULE),
                        c -> assertThat(c.recordings().putRule(PUSH, "*", "*", new RecordingRuleUpdate()
                                .policy(RecordingPolicy.MANUAL)).getFormats())
                                .containsExactly(RecordingFormat.HLS, RecordingFormat.MP4),
                        "PUT", rules + "/*/*"),
                op("deleteRecordingRule", status(204), c -> c.recordings().deleteRule(PUSH, "live", "*"),
                        "DELETE", rules + "/live/*"),
                op("startRecording", json(200, "{\"domain\":\"push.example.com\",\"app\":\"live\",\"stream\":\"cam1\","
                        + "\"startedAt\":\"2026-12-03T10:15:42Z\"}"),
                        c -> assertThat(c.recordings().start(PUSH, "live", "cam1").getStream()).isEqualTo("cam1"),
                        "POST", "/v1/streams/" + PUSH + "/live/cam1/recording/start"),
                op("stopRecording", status(204), c -> c.recordings().stop(PUSH, "live", "cam1"),
                        "POST", "/v1/streams/" + PUSH + "/live/cam1/recording/stop"),
                op("listRecordings", json(200, "{\"items\":[" + RECORDING + "]}"),
                        c -> assertThat(c.recordings().list().stream().toList()).singleElement()
                                .satisfies(r -> assertThat(r.getFormat()).isEqualTo(RecordingFormat.FLV)),
                        "GET", "/v1/recordings"),
                op("getRecording", json(200, RECORDING),
                        c -> assertThat(c.recordings().get("r1").getDownloadUrl()).contains("X-Amz-Signature"),
                        "GET", "/v1/recordings/r1"),
                op("deleteRecording", status(204), c -> c.recordings().delete("r1"), "DELETE", "/v1/recordings/r1"),
                op("getRecordingSession", json(200, "{\"id\":\"s1\",\"domain\":\"push.example.com\",\"app\":\"live\","
                        + "\"stream\":\"cam1\",\"startedAt\":\"2026-12-03T10:15:42Z\",\"files\":2,"
                        + "\"playlistUrl\":\"https://api.example/v1/recording-sessions/s1/playlist.m3u8?expires=1\"}"),
                        c -> assertThat(c.recordings().session("s1").getFiles()).isEqualTo(2),
                        "GET", "/v1/recording-sessions/s1"),
                op("getStreamSnapshot", new Reply(200, Map.of("Content-Type", "image/jpeg"), JPEG, Duration.ZERO,
                        false),
                        c -> assertThat(c.recordings().snapshot(PUSH, "live", "cam1"))
                                .isEqualTo(JPEG.getBytes(StandardCharsets.US_ASCII)),
                        "GET", "/v1/streams/" + PUSH + "/live/cam1/snapshot"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void reachesItsRouteWithTheApiKey(String operation, Reply reply, Consumer<LiveplaneClient> call, String method,
            String path) {
        server.then(reply);

        call.accept(Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY).build());

        assertThat(server.requests()).hasSize(1);
        Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.path()).isEqualTo(path);
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + Bodies.API_KEY);
    }

    @Test
    void theListSendsItsFiltersAndARuleItsFields() {
        server.then(json(200, "{\"items\":[]}"), json(200, RULE));
        LiveplaneClient client = Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY).build();

        client.recordings().list(PUSH, "live", "cam1", "s1", RecordingFormat.HLS,
                Instant.parse("2026-12-01T00:00:00Z"), null).stream().count();
        client.recordings().putRule(PUSH, "live", "cam1", new RecordingRuleUpdate()
                .formats(Set.of(RecordingFormat.MP4)).cycleSeconds(900));

        assertThat(server.requests().get(0).query()).isEqualTo("domain=" + PUSH + "&app=live&stream=cam1"
                + "&sessionId=s1&format=hls&since=2026-12-01T00%3A00%3A00Z&pageSize=100");
        assertThat(server.requests().get(1).body()).contains("\"formats\":[\"mp4\"]", "\"cycleSeconds\":900");
        assertThat(server.requests().get(1).header("Content-Type")).isEqualTo("application/json");
    }

    private static Arguments op(String operation, Reply reply, Consumer<LiveplaneClient> call, String method,
            String path) {
        return Arguments.of(operation, reply, call, method, path);
    }
}
