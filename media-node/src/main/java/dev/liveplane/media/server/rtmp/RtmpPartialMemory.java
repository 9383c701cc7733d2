package dev.liveplane.media.server.rtmp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns every RTMP connection's requests for partial-message memory into one node-wide account: the total stays
 * under {@link RtmpMessageLimits#nodeBytes()}, and what connections without an authorized publish hold together under
 * a quarter of it.
 */
public final class RtmpPartialMemory {

    private final long limit;
    private final long unauthorizedLimit;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final Counter refusals;

    public RtmpPartialMemory(long limit, MeterRegistry meters) {
        this.limit = limit;
        this.unauthorizedLimit = limit / 4;
        Gauge.builder("liveplane_rtmp_partial_message_bytes", total, AtomicLong::get).baseUnit("bytes")
                .description("Bytes held in half-assembled RTMP messages").register(meters);
        Gauge.builder("liveplane_rtmp_partial_message_limit_bytes", () -> limit).baseUnit("bytes")
                .description("Most bytes all RTMP connections may hold in half-assembled messages").register(meters);
        refusals = Counter.builder("liveplane_rtmp_message_budget_refusals")
                .description("RTMP connections closed for a message past their type's length or their byte budget")
                .register(meters);
    }

    /** Takes {@code bytes}; false, taking nothing, when the node's total or the unauthorized share would pass. */
    boolean tryReserve(long bytes, boolean authorized) {
        if (!authorized && unauthorized.addAndGet(bytes) > unauthorizedLimit) {
            unauthorized.addAndGet(-bytes);
            return false;
        }
        if (total.addAndGet(bytes) > limit) {
            total.addAndGet(-bytes);
            if (!authorized) {
                unauthorized.addAndGet(-bytes);
            }
            return false;
        }
        return true;
    }

    void release(long bytes, boolean authorized) {
        total.addAndGet(-bytes);
        if (!authorized) {
            unauthorized.addAndGet(-bytes);
        }
    }

    /** Moves bytes a connection holds out of the unauthorized share when its publish is authorized. */
    void authorize(long bytes) {
        unauthorized.addAndGet(-bytes);
    }

    void refused() {
        refusals.increment();
    }

    String describe(boolean authorized) {
        return authorized ? "the node's " + limit + "-byte limit for partial messages"
                : "the " + unauthorizedLimit + "-byte share of the node's partial-message memory that connections "
                        + "without an authorized publish may hold";
    }

    /** Bytes held now in half-assembled messages across the node. */
    public long used() {
        return total.get();
    }
}
