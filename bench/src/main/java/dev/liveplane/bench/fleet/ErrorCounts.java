package dev.liveplane.bench.fleet;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests and failures by kind ({@code config}, {@code heartbeat}, {@code events}, ...) and reason. */
final class ErrorCounts {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    void request(String kind) {
        requests.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void failure(String kind, String reason) {
        failures.computeIfAbsent(kind + ": " + reason, k -> new LongAdder()).increment();
    }

    /** A failure from an exception: its class, without the message (which varies per connection). */
    void failure(String kind, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        failure(kind, cause.getClass().getSimpleName());
    }

    long requests(String kind) {
        LongAdder count = requests.get(kind);
        return count == null ? 0 : count.sum();
    }

    long failures(String kind) {
        String prefix = kind + ": ";
        return failures.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    long totalRequests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long totalFailures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Every failure reason with its count, sorted. */
    Map<String, Long> failureReasons() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((reason, count) -> out.put(reason, count.sum()));
        return out;
    }
}
