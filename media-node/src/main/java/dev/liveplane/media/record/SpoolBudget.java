package dev.liveplane.media.record;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the disk the recordings spool takes (files being written and files waiting for the bucket) against the
 * operator's byte budget. Writers add what they write, the outbox gives back what it uploaded; any thread.
 */
public final class SpoolBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public SpoolBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("spool budget must be positive, was " + limit);
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    public void add(long bytes) {
        used.addAndGet(bytes);
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Whether the spool is past its budget: recorders then stop rather than write more. */
    public boolean spent() {
        return used.get() > limit;
    }
}
