package dev.liveplane.media.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.media.server.http.HttpMediaRoute.Kind;
import dev.liveplane.media.server.stream.StreamAddressException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Request paths into routes: one table per answer (a route, no route: 404, a bad name: 400). */
class HttpMediaRouteTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/live/cam-1.flv,           FLV,      live, cam-1, ,     -1",
        "/live/room-2024.m3u8,      PLAYLIST, live, room-2024, , -1",
        "/live/cam-1/seg-0123456789abcdef-7.ts, SEGMENT, live, cam-1, 0123456789abcdef, 7",
        "/live/cam-1/seg-0123456789abcdef-0.ts, SEGMENT, live, cam-1, 0123456789abcdef, 0",
        "/live/a.flv.flv,           FLV,      live, a.flv, ,     -1",
        "/live/a.m3u8.flv,          FLV,      live, a.m3u8, ,    -1",
        "/live/x.ts.m3u8,           PLAYLIST, live, x.ts, ,      -1",
        "/live/seg-1.ts.flv,        FLV,      live, seg-1.ts, ,  -1",
        "/live/a.b/seg-0123456789abcdef-3.ts,   SEGMENT, live, a.b,   0123456789abcdef, 3",
        "/live/....flv,             FLV,      live, ..., ,       -1",
        "/Live/Cam-1.flv,           FLV,      Live, Cam-1, ,     -1",
        "/live/cam%2D1.flv,         FLV,      live, cam-1, ,     -1",
        "/%6c%69ve/cam%7E1.m3u8,    PLAYLIST, live, cam~1, ,     -1",
        "/live/cam-1/seg-0123456789abcdef-999999999999999999.ts, SEGMENT, live, cam-1, 0123456789abcdef, "
            + "999999999999999999",
    })
    void readsWhatThePlayerAskedFor(String path, Kind kind, String app, String stream, String publish,
            long sequence) {
        assertThat(HttpMediaRoute.parse(path)).contains(new HttpMediaRoute(kind, app, stream, publish, sequence));
    }

    @ParameterizedTest(name = "path [{0}]")
    @ValueSource(strings = {"/live/cam-1.ts", "/live/cam-1-0.ts", "/live/cam-1", "/cam-1.flv", "/live/cam-1.FLV",
        "/live/cam-1.flv/", "//live/cam-1.flv", "/live//cam-1.flv", "/live/../cam-1.flv", "/live/./cam-1.flv",
        "/live%2Fcam-1.flv", "/live/cam-1/seg-01.ts", "/live/cam-1/seg--1.ts", "/live/cam-1/seg-1.flv",
        "/live/cam-1/seg-1234567890123456789.ts", "/live/cam-1/seg-.ts", "/live/cam-1/SEG-1.ts", "/", "",
        // segments name their publish: 16 lower-case hex digits, nothing else
        "/live/cam-1/seg-7.ts", "/live/cam-1/seg-0123456789ABCDEF-7.ts", "/live/cam-1/seg-0123456789abcde-7.ts",
        "/live/cam-1/seg-0123456789abcdef0-7.ts", "/live/cam-1/seg-0123456789abcdef-01.ts"})
    void pathsOfNoRouteAreNotFound(String path) {
        assertThat(HttpMediaRoute.parse(path)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/live/..flv", "/live/...flv", "/live/%2e%2e.flv", "/%2E%2E/cam-1.flv",
        "/live/..%2Fcam-1.flv", "/live/cam%2F1.flv", "/live/cam%5c1.flv", "/live/cam%00.flv", "/live/cam%.flv",
        "/live/cam%2.flv", "/live/cam%zz.flv", "/live/caf%C3%A9.flv", "/live/café.flv", "/live/cam 1.flv",
        "/live/cam+1.flv", "/live/cam:1.flv", "/live/%2e%2e/seg-0123456789abcdef-1.ts",
        "/live/..%2F../seg-0123456789abcdef-1.ts",
        "/live/cam%EF%BC%91.flv", "/live/cam%\uff11\uff11.flv"})
    void namesTheApiNeverMintsAreBadRequests(String path) {
        assertThatThrownBy(() -> HttpMediaRoute.parse(path)).isInstanceOf(StreamAddressException.class)
                .hasMessageContaining("names are 1-");
    }

    @ParameterizedTest(name = "app {0}, stream {1}")
    @CsvSource({"64, 128", "65, 1", "1, 129", "1, 400"})
    void namesLongerThanTheApiAllowsAreBadRequests(int appLength, int streamLength) {
        String path = "/" + "a".repeat(appLength) + "/" + "s".repeat(streamLength) + ".flv";
        if (appLength <= 64 && streamLength <= 128) {
            assertThat(HttpMediaRoute.parse(path)).isPresent();
        } else {
            assertThatThrownBy(() -> HttpMediaRoute.parse(path)).isInstanceOf(StreamAddressException.class);
        }
    }
}
