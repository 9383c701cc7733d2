package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final FailureThrottle throttle = new FailureThrottle(5, Duration.ofMinutes(1), Duration.ofMillis(250),
            Duration.ofSeconds(8), clock);

    @Test
    void freeFailuresThenDoublingUpToTheCap() {
        for (int i = 1; i <= 6; i++) {
            assertThat(throttle.recordFailure("192.0.2.1")).as("failure " + i).isZero();
        }
        assertThat(throttle.recordFailure("192.0.2.1")).isEqualTo(Duration.ofMillis(250));
        assertThat(throttle.recordFailure("192.0.2.1")).isEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 40; i++) {
            assertThat(throttle.recordFailure("192.0.2.1")).isLessThanOrEqualTo(Duration.ofSeconds(8));
        }
        assertThat(throttle.recordFailure("192.0.2.1")).isEqualTo(Duration.ofSeconds(8));
        assertThat(throttle.recordFailure("192.0.2.2")).as("another address").isZero();
    }

    @Test
    void theCountStartsOverOnceItsWindowHasPassed() {
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("192.0.2.1");
        }
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(throttle.recordFailure("192.0.2.1")).isZero();
    }

    @Test
    void holdsAtMostItsLimitOfAddresses() {
        for (int i = 0; i <= FailureThrottle.MAX_ADDRESSES + 10; i++) {
            throttle.recordFailure("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF));
        }
        assertThat(throttle.addresses()).isBetween(1, FailureThrottle.MAX_ADDRESSES);
    }

    /** A clock a test moves by hand. */
    private static final class MutableClock extends Clock {

        private Instant now = Instant.ofEpochSecond(1_700_000_000L);

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
