package dev.liveplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void percentileIsNearestRank() {
        long[] values = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(LoadReport.percentile(values, 50)).isEqualTo(50);
        assertThat(LoadReport.percentile(values, 90)).isEqualTo(90);
        assertThat(LoadReport.percentile(values, 99)).isEqualTo(100);
        assertThat(LoadReport.percentile(values, 100)).isEqualTo(100);
        assertThat(LoadReport.percentile(new long[] {7}, 50)).isEqualTo(7);
        assertThat(LoadReport.percentile(new long[0], 50)).isEqualTo(-1);
    }

    @Test
    void keepingRealTimeNeedsNinetyFivePercentOfTheWindowAndNoCut() {
        long windowMillis = 10_000;
        assertThat(LoadReport.keepsRealTime(playing(1_250_000, 9_500), windowMillis)).isTrue();
        assertThat(LoadReport.keepsRealTime(playing(1_250_000, 9_499), windowMillis)).isFalse();
        assertThat(LoadReport.keepsRealTime(new ViewerOutcome(5 * MS, true, true, 1_000_000, 10_000,
                "closed while playing"), windowMillis)).isFalse();
        assertThat(LoadReport.keepsRealTime(new ViewerOutcome(5 * MS, false, false, 0, 0, null), windowMillis))
                .isFalse();
    }

    @Test
    void summarisesViewers() {
        List<ViewerOutcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 97; i++) {
            outcomes.add(new ViewerOutcome(i * MS, true, false, 1_250_000, 10_000, null));
        }
        outcomes.add(new ViewerOutcome(200 * MS, true, true, 250_000, 2_000, "closed while playing"));
        outcomes.add(new ViewerOutcome(-1, false, false, 0, 0, "connect: ConnectException: refused"));
        outcomes.add(new ViewerOutcome(-1, false, false, 0, 0, "connect: ConnectException: refused"));

        LoadReport report = LoadReport.of("rtmp://127.0.0.1/live/s", 100, outcomes, WINDOW_NANOS);

        assertThat(report.connected()).isEqualTo(98);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.disconnected()).isEqualTo(1);
        assertThat(report.keepingRealTime()).isEqualTo(97);
        assertThat(report.firstMediaP50Millis()).isEqualTo(49.0);
        assertThat(report.firstMediaP90Millis()).isEqualTo(89.0);
        assertThat(report.firstMediaP99Millis()).isEqualTo(200.0); // rank ceil(0.99 * 98) = 98: the slowest
        assertThat(report.firstMediaMaxMillis()).isEqualTo(200.0);
        assertThat(report.bytesPerViewerSecondMin()).isEqualTo(25_000.0);
        assertThat(report.bytesPerViewerSecondMean()).isCloseTo((97 * 125_000.0 + 25_000) / 98, within(1e-6));
        assertThat(report.aggregateMbps()).isCloseTo((97 * 1_250_000 + 250_000) * 8 / 10.0 / 1e6, within(1e-9));
        assertThat(report.failures()).containsEntry("connect: ConnectException: refused", 2)
                .containsEntry("closed while playing", 1);
        assertThat(report.toJson()).startsWith("{\"url\":\"rtmp://127.0.0.1/live/s\",\"requested\":100,")
                .contains("\"keeping_real_time\":97,").endsWith("}").doesNotContain("\n");
    }

    @Test
    void reportsNothingMeasuredWithoutViewers() {
        LoadReport report = LoadReport.of("http://127.0.0.1:8081/live/s.flv", 3,
                List.of(new ViewerOutcome(-1, false, false, 0, 0, "never connected")), WINDOW_NANOS);
        assertThat(report.connected()).isZero();
        assertThat(report.failed()).isEqualTo(3);
        assertThat(report.firstMediaP50Millis()).isEqualTo(-1);
        assertThat(report.aggregateMbps()).isZero();
    }

    private static ViewerOutcome playing(long windowBytes, long windowMediaMillis) {
        return new ViewerOutcome(5 * MS, true, false, windowBytes, windowMediaMillis, null);
    }
}
