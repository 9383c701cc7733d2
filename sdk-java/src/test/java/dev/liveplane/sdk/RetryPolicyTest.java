package dev.liveplane.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pauses between retries: doubling, capped, jittered (the timing the server-driven tests cannot pin). */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(5));

    @Test
    void eachPauseLiesBetweenHalfAndAllOfItsCeiling() {
        for (int i = 0; i < 100; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(policy.backoff(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
            assertThat(policy.backoff(6)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        }
    }

    @Test
    void theCeilingStopsAtTheCapHoweverManyRetries() {
        assertThat(policy.backoff(1_000)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    }

    @Test
    void pausesAreNotAllTheSame() {
        assertThat(IntStream.range(0, 50).mapToObj(i -> policy.backoff(4)).distinct().count())
                .isGreaterThan(1);
    }
}
