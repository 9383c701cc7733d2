package dev.liveplane.media.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaPlaylistTest {

    @Test
    void rendersALiveWindow() {
        MediaPlaylist playlist = new MediaPlaylist(2, 7, 0, List.of(
                new MediaSegment("live-7.ts", 2000, false),
                new MediaSegment("live-8.ts", 2540, false),
                new MediaSegment("live-9.ts", 1960, true)), false);
        assertThat(playlist.render("")).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:3
                #EXT-X-MEDIA-SEQUENCE:7
                #EXTINF:2.000,
                live-7.ts
                #EXTINF:2.540,
                live-8.ts
                #EXT-X-DISCONTINUITY
                #EXTINF:1.960,
                live-9.ts
                """);
    }

    @Test
    void rendersAnEndedStreamWithQueryAndDiscontinuitySequence() {
        MediaPlaylist playlist = new MediaPlaylist(2, 12, 3, List.of(
                new MediaSegment("live-12.ts", 1001, false),
                new MediaSegment("live-13.ts", 7, false)), true);
        assertThat(playlist.render("?token=abc&exp=1")).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:12
                #EXT-X-DISCONTINUITY-SEQUENCE:3
                #EXTINF:1.001,
                live-12.ts?token=abc&exp=1
                #EXTINF:0.007,
                live-13.ts?token=abc&exp=1
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void targetDurationCoversTheLongestSegmentRounded() {
        assertThat(new MediaPlaylist(2, 0, 0, List.of(new MediaSegment("a.ts", 2_499, false)), false)
                .targetDurationSeconds()).isEqualTo(2);
        assertThat(new MediaPlaylist(2, 0, 0, List.of(new MediaSegment("a.ts", 2_500, false)), false)
                .targetDurationSeconds()).isEqualTo(3);
        assertThat(new MediaPlaylist(6, 0, 0, List.of(new MediaSegment("a.ts", 2000, false)), false)
                .targetDurationSeconds()).isEqualTo(6);
        assertThat(new MediaPlaylist(0, 0, 0, List.of(), false).targetDurationSeconds()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token=abc", "?a\n#EXT-X-ENDLIST", "?a\rb"})
    void refusesQuerySuffixesThatWouldBreakThePlaylist(String suffix) {
        MediaPlaylist playlist = new MediaPlaylist(2, 0, 0, List.of(new MediaSegment("a.ts", 2000, false)), false);
        assertThatThrownBy(() -> playlist.render(suffix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMultiLineSegmentUris() {
        assertThatThrownBy(() -> new MediaSegment("a.ts\n#EXT-X-ENDLIST", 1, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
