package dev.liveplane.media.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent's parts share: the agent's thread, whether the agent is closed, and the log of each call's problem
 * (logged when it first appears or changes, not on every retry). Everything but {@link #closed()} on that thread.
 */
final class AgentLoop {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);

    private final ScheduledExecutorService thread;
    private final LongSupplier servingVersion;
    private final Map<String, String> problems = new HashMap<>();
    private final List<Runnable> recoveryListeners = new ArrayList<>();
    private volatile boolean closed;

    AgentLoop(ScheduledExecutorService thread, LongSupplier servingVersion) {
        this.thread = thread;
        this.servingVersion = servingVersion;
    }

    ScheduledExecutorService thread() {
        return thread;
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** Runs {@code task} after {@code delay}; answers null when the loop is closed. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return closed ? null : thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Calls {@code listener} whenever a call that had a problem succeeds again: the control plane is back, so a loop
     * still waiting out its backoff need not (a node would otherwise wait up to the backoff's cap to see changes).
     */
    void onRecovery(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /** Logs a loop's problem when it first appears or changes, not on every retry. */
    void problem(String loop, String problem) {
        if (!problem.equals(problems.put(loop, problem))) {
            log.warn("event=control_plane_problem call={} reason=\"{}\" action=retry_with_backoff "
                    + "serving_snapshot={}", loop, problem, servingVersion.getAsLong());
        }
    }

    void recovered(String loop) {
        if (problems.remove(loop) != null) {
            log.info("event=control_plane_recovered call={}", loop);
            recoveryListeners.forEach(Runnable::run);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
