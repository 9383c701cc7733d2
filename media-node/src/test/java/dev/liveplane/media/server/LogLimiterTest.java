package dev.liveplane.media.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flood of one key turns into a burst of lines and then silence, and the next line carries the count. */
class LogLimiterTest {

    @Test
    void aBurstGoesThroughThenLinesAreCountedNotWritten() {
        LogLimiter limiter = LogLimiter.perMinute(3);
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            limiter.log("bad_input", written::add);
        }
        assertThat(written).containsExactly(0L, 0L, 0L);
    }

    @Test
    void keysAreLimitedApart() {
        LogLimiter limiter = LogLimiter.perMinute(1);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            limiter.log("a", n -> written.add("a"));
            limiter.log("b", n -> written.add("b"));
        }
        assertThat(written).containsExactly("a", "b");
    }

    @Test
    void theNextLineAfterTheRefillSaysHowManyWereLeftOut() throws InterruptedException {
        LogLimiter limiter = LogLimiter.perMinute(600); // one token every 100 ms
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            limiter.log("k", written::add);
        }
        int burst = written.size();
        assertThat(burst).isBetween(600, 700);
        Thread.sleep(250);
        limiter.log("k", written::add);
        assertThat(written).hasSize(burst + 1);
        assertThat(written.get(burst)).isEqualTo(1_000L - burst);
    }
}
