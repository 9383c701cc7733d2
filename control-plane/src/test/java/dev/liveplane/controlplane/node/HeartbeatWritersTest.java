package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats beyond what the writers and their queue hold are answered 503 with Retry-After at once, instead of
 * each taking a thread that waits for the database; the ones already queued are still recorded, in turn.
 */
class HeartbeatWritersTest {

    @Test
    void aHeartbeatThatFindsTheQueueFullIsAnswered503AndTheQueuedOnesStillRun() throws Exception {
        HeartbeatWriters writers = new HeartbeatWriters(1, 1);
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<String> first = writers.submit(() -> {
                running.countDown();
                await(release);
                return "first";
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> queued = writers.submit(() -> "queued");

            CompletableFuture<String> refused = writers.submit(() -> "refused");

            assertThat(refused).isCompletedExceptionally();
            ProblemException problem = cause(refused);
            assertThat(problem.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
            assertThat(problem.headers()).containsEntry("Retry-After", "1");
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("queued");
        } finally {
            writers.stop();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProblemException cause(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get();
            throw new AssertionError("completed normally");
        } catch (ExecutionException e) {
            return (ProblemException) e.getCause();
        }
    }
}
