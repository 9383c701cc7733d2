package dev.liveplane.media.fleet.spool;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one kind of node-to-control-plane record durably: each record is appended to the {@link Spool} and synced
 * before it is sent, batches go in order one at a time, a record leaves the spool only once the control plane
 * answered for it, and after a restart the spool's records go out again first. A temporary failure sends the same
 * batch again with backoff; a batch refused whole is split down to the record at fault; a record refused for good is
 * written to the rejected file and counted, and the records behind it go on. Past the byte budget new records are
 * not kept: they are counted, logged, and handed to {@link RecordKind#answered} in their place in the order.
 *
 * <p>{@link #enqueue} runs on any thread (an event loop) and takes only a short lock; the disk and the network are
 * the reporter's thread's (the agent's), which completes every answer back onto itself.
 *
 * @param <T> the record
 */
public final class SpooledReporter<T> {

    private static final Logger log = LoggerFactory.getLogger(SpooledReporter.class);

    /**
     * One record on its way: its place in the order, its bytes, and whether a previous process spooled it. Once
     * spooled only the bytes stay in memory (the budget bounds them); the value is decoded again for its batch.
     */
    private record Pending<T>(long sequence, T value, byte[] bytes, boolean replayed) {
        Pending<T> spooled() {
            return new Pending<>(sequence, null, bytes, replayed);
        }
    }

    /** Records lost to the budget kept for their place in the order at most; past it they are only counted. */
    static final int MAX_LOST = 10_000;

    /** A record past the budget, to count as answered once every record before it is. */
    private record Lost<T>(T value, long after) {
    }

    private final String name;
    private final RecordKind<T> kind;
    private final Spool spool;
    private final RejectedFile rejected;
    private final Executor thread;
    private final SpoolSettings settings;
    private final RetryDelay backoff;
    private final BooleanSupplier hold;
    private final Consumer<String> problem;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    // Under the lock: filled on any thread, emptied on the reporter's thread.
    private final Object lock = new Object();
    private final ArrayDeque<Pending<T>> handoff = new ArrayDeque<>();
    private final ArrayDeque<Lost<T>> lost = new ArrayDeque<>();
    private long handoffBytes;
    private long nextSequence;
    private long lostUnlogged;
    /** Records not yet in a batch (an answered batch's records are not waiting any more). */
    private volatile int waiting;
    /** Records written to the spool (or held in memory when it failed) and not yet answered. */
    private volatile int spooled;
    private volatile boolean closed;

    // The reporter's thread only.
    private final Deque<Pending<T>> unsent = new ArrayDeque<>();
    private final Deque<List<Pending<T>>> pending = new ArrayDeque<>();
    private long memoryBytes;
    private boolean sending;
    private boolean stopped;
    private boolean overBudget;
    private long nextAttemptNanos;
    private final ReporterMeters meters = new ReporterMeters();

    /**
     * Opens the spool in {@code dir} and reads back what a previous process left in it.
     *
     * @param name    the records' name in metrics and logs ({@code events}: {@code liveplane_fleet_events_...})
     * @param hold    whether no batch may leave now (asked before each)
     * @param problem reports the sending loop's problem, or clears it with null
     */
    public SpooledReporter(String name, RecordKind<T> kind, Path dir, SpoolSettings settings, Executor thread,
            RetryDelay backoff, BooleanSupplier hold, Consumer<String> problem) {
        this.name = name;
        this.kind = kind;
        this.settings = settings;
        this.thread = thread;
        this.backoff = backoff;
        this.hold = hold;
        this.problem = problem;
        this.rejected = new RejectedFile(dir.resolve("rejected.jsonl"), settings.rejectedFileBytes());
        Spool opened = null;
        List<String> found = List.of();
        try {
            opened = Spool.open(dir, settings.segmentBytes());
            found = opened.damage();
        } catch (IOException | RuntimeException e) {
            log.error("event=spool_unusable spool={} dir={} error=\"{}\" action=memory_only", name, dir, e.toString());
        }
        this.spool = opened;
        for (String detail : found) {
            log.warn("event=spool_damaged spool={} detail=\"{}\" action=cut_and_go_on", name, detail);
            meters.damaged.incrementAndGet();
        }
        this.nextSequence = spool == null ? 1 : spool.nextSequence();
        if (spool != null) {
            for (Spool.Entry entry : spool.recovered()) {
                try {
                    kind.decode(entry.payload()); // unreadable now means unreadable for good: set it aside at once
                    unsent.add(new Pending<>(entry.sequence(), null, entry.payload(), true));
                } catch (IOException | RuntimeException e) {
                    rejected.write(entry.sequence(), "unreadable in the spool: " + e.getMessage(), entry.payload());
                }
            }
            if (!unsent.isEmpty()) {
                log.info("event=spool_replay spool={} records={} first_sequence={} bytes={}", name, unsent.size(),
                        unsent.peekFirst().sequence(), spool.bytes());
            }
        }
        waiting = unsent.size();
        spooled = unsent.size();
    }

    /** Registers the meters. */
    public void start(MeterRegistry registry) {
        meters.register(registry, name, () -> waiting, () -> spooled, this::storedBytes, settings.budgetBytes());
    }

    /** Any thread, never waits beyond a short lock: keeps the record for sending, or counts it past the budget. */
    public void enqueue(T record) {
        byte[] bytes = kind.encode(record);
        int size = SpoolFormat.frameSize(bytes.length);
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (storedBytes() + handoffBytes + size > settings.budgetBytes()) {
                if (lost.size() < MAX_LOST) {
                    lost.add(new Lost<>(record, nextSequence - 1));
                }
                meters.dropped.incrementAndGet();
                lostUnlogged++;
            } else {
                handoff.add(new Pending<>(nextSequence++, record, bytes, false));
                handoffBytes += size;
                waiting++;
            }
        }
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false); // closing
            }
        }
    }

    private long storedBytes() {
        return spool != null ? spool.bytes() : memoryBytes;
    }

    /** Writes what was handed off to the spool, syncs once, then sends; on the reporter's thread. */
    private void drain() {
        drainScheduled.set(false);
        List<Pending<T>> taken;
        long lostNow;
        synchronized (lock) {
            taken = new ArrayList<>(handoff);
            handoff.clear();
            lostNow = lostUnlogged;
            lostUnlogged = 0;
        }
        long size = 0;
        for (Pending<T> record : taken) {
            size += SpoolFormat.frameSize(record.bytes().length);
        }
        if (!taken.isEmpty()) {
            write(taken);
            taken.forEach(record -> unsent.add(record.spooled()));
            memoryBytes += size;
            spooled += taken.size();
        }
        synchronized (lock) {
            handoffBytes -= size;
        }
        budget(lostNow);
        deliverLost();
        flush();
    }

    private void write(List<Pending<T>> records) {
        if (spool == null) {
            meters.writeFailures.addAndGet(records.size());
            return;
        }
        try {
            for (Pending<T> record : records) {
                spool.append(record.sequence(), record.bytes());
            }
            spool.sync();
        } catch (IOException | RuntimeException e) {
            meters.writeFailures.addAndGet(records.size());
            log.error("event=spool_write_failed spool={} records={} error=\"{}\" action=send_from_memory", name,
                    records.size(), e.toString());
        }
    }

    /** Logs when records start to be lost to the budget, and when the spool has room again. */
    private void budget(long lostNow) {
        if (lostNow > 0 && !overBudget) {
            overBudget = true;
            log.error("event=spool_full spool={} budget_bytes={} stored_bytes={} action=drop_new_records", name,
                    settings.budgetBytes(), storedBytes());
        } else if (lostNow == 0 && overBudget && storedBytes() < settings.budgetBytes() / 2) {
            overBudget = false;
            log.warn("event=spool_accepting spool={} stored_bytes={} dropped_total={}", name, storedBytes(),
                    meters.dropped.get());
        }
    }

    /** Sends the next batch unless one is on its way, the caller holds batches or the backoff holds. */
    public void flush() {
        if (closed || stopped || sending || hold.getAsBoolean()) {
            return;
        }
        if (pending.isEmpty()) {
            if (unsent.isEmpty()) {
                return;
            }
            List<Pending<T>> batch = new ArrayList<>(Math.min(unsent.size(), settings.batch()));
            while (batch.size() < settings.batch() && !unsent.isEmpty()) {
                Pending<T> next = unsent.pollFirst();
                batch.add(new Pending<>(next.sequence(), decode(next.bytes()), next.bytes(), next.replayed()));
            }
            synchronized (lock) {
                waiting -= batch.size();
            }
            pending.addLast(batch);
            kind.taken();
        }
        if (System.nanoTime() - nextAttemptNanos < 0 || !kind.ready()) {
            return;
        }
        List<Pending<T>> batch = pending.peekFirst();
        sending = true;
        List<T> values = new ArrayList<>(batch.size());
        batch.forEach(record -> values.add(record.value()));
        kind.send(values).whenCompleteAsync((answer, error) -> {
            sending = false;
            if (!closed) {
                answered(batch, error == null ? answer : new Answer.Retry("control plane unreachable: " + error));
            }
        }, thread);
    }

    /** The record again from its bytes; they were read or written by this very kind, so this does not fail. */
    private T decode(byte[] bytes) {
        try {
            return kind.decode(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("a record this reporter spooled no longer reads", e);
        }
    }

    private void answered(List<Pending<T>> batch, Answer answer) {
        if (answer instanceof Answer.Accepted accepted) {
            backoff.reset();
            problem.accept(null);
            pending.pollFirst();
            setAside(batch, accepted.setAside());
            done(batch);
            flush(); // more may be waiting; the next batch goes at once
        } else if (answer instanceof Answer.Refused refused) {
            // Refused for good: sending it again would stop every later record. Only the record at fault goes.
            pending.pollFirst();
            if (batch.size() > 1) {
                pending.addFirst(batch.subList(batch.size() / 2, batch.size()));
                pending.addFirst(batch.subList(0, batch.size() / 2));
            } else {
                setAside(batch, Map.of(0, refused.why()));
                done(batch);
            }
            flush();
        } else if (answer instanceof Answer.Retry retry) {
            if (retry.problem() != null) {
                problem.accept(retry.problem());
            }
            nextAttemptNanos = System.nanoTime() + backoff.next().toNanos();
        } else {
            stopped = true;
        }
    }

    private void setAside(List<Pending<T>> batch, Map<Integer, String> refused) {
        if (refused.isEmpty()) {
            return;
        }
        meters.setAside.addAndGet(refused.size());
        int first = refused.keySet().stream().min(Integer::compare).orElseThrow();
        refused.forEach((index, why) -> {
            if (index >= 0 && index < batch.size()) {
                Pending<T> record = batch.get(index);
                rejected.write(record.sequence(), why, record.bytes());
            }
        });
        log.warn("event=records_set_aside spool={} count={} batch={} first=\"{}\" first_reason=\"{}\" file={}", name,
                refused.size(), batch.size(), first < batch.size() ? kind.describe(batch.get(first).value()) : "-",
                abbreviate(refused.get(first)), rejected.path());
    }

    /** {@code part} is answered: it leaves the spool, and the kind hears of this process's records in it. */
    private void done(List<Pending<T>> part) {
        long last = part.get(part.size() - 1).sequence();
        if (spool != null) {
            try {
                spool.ack(last);
            } catch (IOException e) {
                log.warn("event=spool_ack_failed spool={} sequence={} error=\"{}\"", name, last, e.toString());
            }
        }
        for (Pending<T> record : part) {
            memoryBytes -= SpoolFormat.frameSize(record.bytes().length);
        }
        List<T> ours = new ArrayList<>(part.size());
        part.stream().filter(record -> !record.replayed()).forEach(record -> ours.add(record.value()));
        spooled -= part.size();
        kind.answered(ours, pending.isEmpty());
        deliverLost();
    }

    /** Hands each lost record to the kind once every record before it is answered. */
    private void deliverLost() {
        while (true) {
            Lost<T> next;
            synchronized (lock) {
                next = lost.peekFirst();
                if (next == null || next.after() >= oldestOutstanding()) {
                    return;
                }
                lost.pollFirst();
            }
            kind.answered(List.of(next.value()), false);
        }
    }

    /** The sequence of the oldest record not yet answered; under the lock. */
    private long oldestOutstanding() {
        if (!pending.isEmpty()) {
            return pending.peekFirst().get(0).sequence();
        }
        if (!unsent.isEmpty()) {
            return unsent.peekFirst().sequence();
        }
        return handoff.isEmpty() ? Long.MAX_VALUE : handoff.peekFirst().sequence();
    }

    /** Whether no batch is out or waiting to be sent again; on the reporter's thread. */
    public boolean idle() {
        return pending.isEmpty() && !sending;
    }

    /** Where the spool is, for the log and the operator. */
    public Path directory() {
        return rejected.path().getParent();
    }

    public void close() {
        closed = true;
        if (spool != null) {
            try {
                thread.execute(() -> {
                    try {
                        spool.close();
                    } catch (IOException e) {
                        log.debug("spool close failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                // Shut down already: every record was synced when written.
            }
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
