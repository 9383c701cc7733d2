package dev.liveplane.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListingGateTest {

    @Test
    void closingWaitsForTheListsOutAndLetsNoNewOneThrough() throws Exception {
        ListingGate gate = new ListingGate();
        assertThat(gate.begin()).isTrue();

        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.close(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(closed).isNotDone(); // the list sent before is still unanswered
        assertThat(gate.begin()).isFalse(); // and no heartbeat lists from now on

        gate.end();
        assertThat(closed.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.begin()).isFalse();
    }

    @Test
    void closingGivesUpAfterItsTimeoutWhileAListIsOut() throws Exception {
        ListingGate gate = new ListingGate();
        assertThat(gate.begin()).isTrue();

        assertThat(gate.close(Duration.ofMillis(50))).isFalse();
    }
}
