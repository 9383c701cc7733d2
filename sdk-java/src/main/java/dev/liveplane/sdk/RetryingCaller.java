package dev.liveplane.sdk;

import dev.liveplane.sdk.exception.LiveplaneException;
import dev.liveplane.sdk.generated.ApiException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs calls of the generated client, retrying what {@link RetryPolicy} allows and translating every failure. */
final class RetryingCaller {

    private static final System.Logger LOG = System.getLogger(RetryingCaller.class.getName());

    /** One call of the generated client. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws ApiException;
    }

    /** One call of the generated client that answers nothing (204). */
    @FunctionalInterface
    interface VoidCall {
        void call() throws ApiException;
    }

    private final RetryPolicy policy;
    private final ApiExceptionTranslator translator;

    RetryingCaller(RetryPolicy policy, ApiExceptionTranslator translator) {
        this.policy = policy;
        this.translator = translator;
    }

    /** Runs a call that may safely reach the server more than once: a read, a PUT, a create with its key. */
    <T> T idempotent(String operation, Call<T> call) {
        return run(operation, call, true);
    }

    void idempotent(String operation, VoidCall call) {
        run(operation, () -> {
            call.call();
            return null;
        }, true);
    }

    /** Runs a call that must not take effect twice, such as a key rotation. */
    <T> T notIdempotent(String operation, Call<T> call) {
        return run(operation, call, false);
    }

    private <T> T run(String operation, Call<T> call, boolean idempotent) {
        for (int retry = 1; ; retry++) {
            try {
                return call.call();
            } catch (ApiException e) {
                RuntimeException failure = translator.translate(operation, e);
                if (!(failure instanceof LiveplaneException retryable)) {
                    throw failure;
                }
                Optional<Duration> delay = policy.delayBefore(retry, retryable, idempotent);
                if (delay.isEmpty() || Thread.currentThread().isInterrupted()) {
                    throw retryable;
                }
                int attempt = retry;
                LOG.log(Level.DEBUG, () -> "retrying operation=" + operation + " retry=" + attempt + "/"
                        + policy.maxRetries() + " delayMs=" + delay.get().toMillis() + " status="
                        + retryable.status() + " requestId=" + retryable.requestId());
                pause(delay.get(), retryable);
            }
        }
    }

    private static void pause(Duration delay, LiveplaneException failure) {
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }
}
