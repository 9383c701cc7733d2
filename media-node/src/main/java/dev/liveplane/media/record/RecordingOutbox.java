package dev.liveplane.media.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns finished recording files into objects in the bucket, durably: each file is moved into {@code outbox/} beside
 * a manifest (its key, content type and the report due once it is up) before anything is sent, so a node that
 * restarts uploads what it left. Uploads run a few at a time, each retried with backoff until the store takes it;
 * reports go out in submission order once every earlier upload is done, so an HLS file is reported only after its
 * segments. Bookkeeping runs on one thread, the uploads themselves on the store's client.
 */
public final class RecordingOutbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordingOutbox.class);
    private static final ObjectMapper JSON = SpoolJson.MAPPER;
    private static final long RETRY_FIRST_MS = 500;
    private static final long RETRY_CAP_MS = 15_000;

    /** One upload as its manifest holds it. */
    record Manifest(long seq, String key, String contentType, String file, long bytes, RecordingOutcome outcome,
            long submittedNanos) {
    }

    private final Path dir;
    private final Supplier<ObjectStore> store;
    private final RecordingReports reports;
    private final SpoolBudget budget;
    private final RecordingMetrics metrics;
    private final ScheduledExecutorService executor;
    private final int maxInFlight;
    /** Owned by the executor's thread. */
    private final TreeMap<Long, Entry> pending = new TreeMap<>();
    private long nextSeq;
    private int inFlight;
    /** The size of {@link #pending}, for readers on other threads. */
    private volatile int pendingCount;
    private volatile boolean closed;

    private final class Entry {
        final Manifest manifest;
        boolean started;
        boolean done;
        long retryMs = RETRY_FIRST_MS;

        Entry(Manifest manifest) {
            this.manifest = manifest;
        }
    }

    /**
     * Reads what an earlier run left in {@code dir/outbox} and starts uploading it.
     *
     * @param store the bucket as the config has it now; null while the node has none
     */
    public RecordingOutbox(Path dir, Supplier<ObjectStore> store, RecordingReports reports, SpoolBudget budget,
            RecordingMetrics metrics, ScheduledExecutorService executor, int maxInFlight) throws IOException {
        this.dir = Files.createDirectories(dir.resolve("outbox"));
        this.store = store;
        this.reports = reports;
        this.budget = budget;
        this.metrics = metrics;
        this.executor = executor;
        this.maxInFlight = maxInFlight;
        List<Manifest> left = readManifests();
        for (Manifest manifest : left) {
            pending.put(manifest.seq(), new Entry(manifest));
            budget.add(manifest.bytes());
            nextSeq = Math.max(nextSeq, manifest.seq() + 1);
        }
        if (!left.isEmpty()) {
            log.info("event=recording_outbox_resumed uploads={} bytes={}", left.size(),
                    left.stream().mapToLong(Manifest::bytes).sum());
        }
        metrics.outbox(this);
        executor.execute(this::pump);
    }

    /** Uploads waiting or under way; any thread (a metric). */
    public int waiting() {
        return pendingCount;
    }

    /**
     * Queues {@code file} for upload as {@code key}; {@code outcome} (null for none) is reported once it and every
     * earlier submission are up. The file moves into the outbox now; its bytes stay counted in the budget until
     * uploaded. Any thread.
     */
    public void submit(Path file, String key, String contentType, RecordingOutcome outcome) {
        synchronized (this) {
            long seq = nextSeq++;
            String name = String.format("%016d.data", seq);
            try {
                long bytes = Files.size(file);
                move(file, dir.resolve(name));
                enqueue(new Manifest(seq, key, contentType, name, bytes, outcome, System.nanoTime()));
            } catch (IOException e) {
                throw new UncheckedIOException("outbox " + key, e);
            }
        }
    }

    /**
     * Reports {@code outcome} now, ahead of the uploads waiting: what it says (a recording given up) must not wait
     * for the bucket that may be the reason. Any thread.
     */
    public void reportNow(RecordingOutcome outcome) {
        executor.execute(() -> reports.report(outcome));
    }

    private void enqueue(Manifest manifest) throws IOException {
        Path tmp = dir.resolve(String.format("%016d.json.tmp", manifest.seq()));
        Files.write(tmp, JSON.writeValueAsBytes(manifest));
        move(tmp, dir.resolve(String.format("%016d.json", manifest.seq())));
        executor.execute(() -> {
            pending.put(manifest.seq(), new Entry(manifest));
            pendingCount = pending.size();
            pump();
        });
    }

    /** Starts what may start, and reports and frees what is done in order. On the executor. */
    private void pump() {
        if (closed) {
            return;
        }
        while (!pending.isEmpty() && pending.firstEntry().getValue().done) {
            finish(pending.pollFirstEntry().getValue().manifest);
        }
        pendingCount = pending.size();
        for (Entry entry : pending.values()) {
            if (inFlight >= maxInFlight) {
                break;
            }
            if (!entry.started) {
                start(entry);
            }
        }
    }

    private void start(Entry entry) {
        Manifest m = entry.manifest;
        entry.started = true;
        ObjectStore target = store.get();
        if (target == null) {
            retry(entry, "no recording storage configured");
            return;
        }
        inFlight++;
        target.put(m.key(), dir.resolve(m.file()), m.contentType()).whenCompleteAsync((ok, error) -> {
            inFlight--;
            if (error != null) {
                metrics.uploadFailed();
                retry(entry, rootMessage(error));
            } else {
                entry.done = true;
                metrics.uploaded(m.bytes(), System.nanoTime() - m.submittedNanos());
            }
            pump();
        }, executor);
    }

    private void retry(Entry entry, String why) {
        long delay = entry.retryMs;
        entry.retryMs = Math.min(RETRY_CAP_MS, entry.retryMs * 2);
        log.warn("event=recording_upload_retry key={} retry_in_ms={} reason=\"{}\"", entry.manifest.key(), delay, why);
        executor.schedule(() -> {
            entry.started = false;
            pump();
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void finish(Manifest m) {
        if (m.outcome() != null) {
            reports.report(m.outcome());
        }
        try {
            Files.deleteIfExists(dir.resolve(m.file()));
            Files.deleteIfExists(dir.resolve(String.format("%016d.json", m.seq())));
        } catch (IOException e) {
            log.warn("event=recording_outbox_cleanup_failed seq={} error=\"{}\"", m.seq(), e.toString());
        }
        budget.release(m.bytes());
    }

    private List<Manifest> readManifests() throws IOException {
        Map<Long, Manifest> bySeq = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path path : files.toList()) {
                String name = path.getFileName().toString();
                if (name.endsWith(".json.tmp")) {
                    Files.deleteIfExists(path); // its submission never finished: the file is still in place
                } else if (name.endsWith(".data") && !Files.exists(path.resolveSibling(
                        name.substring(0, name.length() - ".data".length()) + ".json"))) {
                    // Moved in by a run that died before its manifest was written: no key to upload it under.
                    log.warn("event=recording_outbox_orphan_dropped file={} bytes={}", path, Files.size(path));
                    Files.delete(path);
                } else if (name.endsWith(".json")) {
                    try {
                        Manifest m = JSON.readValue(path.toFile(), Manifest.class);
                        bySeq.put(m.seq(), new Manifest(m.seq(), m.key(), m.contentType(), m.file(), m.bytes(),
                                m.outcome(), System.nanoTime()));
                    } catch (IOException e) {
                        log.error("event=recording_manifest_unreadable file={} error=\"{}\"", path, e.toString());
                    }
                }
            }
        }
        return new ArrayList<>(bySeq.values());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        closed = true;
    }
}
