package dev.liveplane.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes tenant changes that every node's config must reflect, one per interval, and brackets each in the
 * {@link PropagationTracker}: opened before the request, timed from its response, closed when every node has it or
 * the interval is over.
 */
final class Changes {

    static final String CHANGE = "change";

    private final ControlPlaneHttp http;
    private final Tenant tenant;
    private final PropagationTracker tracker;
    private final ErrorCounts counts;
    private final String kind;
    private int made;

    Changes(ControlPlaneHttp http, Tenant tenant, PropagationTracker tracker, ErrorCounts counts, String kind) {
        this.http = http;
        this.tenant = tenant;
        this.tracker = tracker;
        this.counts = counts;
        this.kind = kind;
    }

    /** Makes {@code count} changes, {@code intervalSeconds} apart, running {@code settle} before each. */
    void run(int count, int intervalSeconds, Runnable settle) {
        long interval = TimeUnit.SECONDS.toNanos(intervalSeconds);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            settle.run();
            tracker.open(tracker.newestVersion());
            counts.request(CHANGE);
            try {
                ControlPlaneHttp.Reply reply = next().join();
                if (reply.ok()) {
                    tracker.responded(reply.receivedNanos());
                } else {
                    counts.failure(CHANGE, "status " + reply.status() + " " + ControlPlaneHttp.excerpt(reply.body()));
                }
            } catch (CompletionException e) {
                counts.failure(CHANGE, e);
            }
            while (tracker.arrivals() < tracker.nodes() && System.nanoTime() - start < interval) {
                sleep(Duration.ofMillis(10));
            }
            int arrived = tracker.arrivals();
            tracker.close();
            FleetLoad.progress("change " + made + ": " + arrived + "/" + tracker.nodes() + " nodes have it");
            long left = interval - (System.nanoTime() - start);
            if (left > 0 && i < count - 1) {
                sleep(Duration.ofNanos(left));
            }
        }
    }

    /** The next change: a forbid of a stream not forbidden yet, or the domain disabled or enabled in turn. */
    private CompletableFuture<ControlPlaneHttp.Reply> next() {
        int n = made++;
        Duration timeout = Duration.ofSeconds(30);
        if (kind.equals("domain")) {
            JsonNode body = ControlPlaneHttp.object().put("enabled", n % 2 != 0);
            return http.send("PATCH", "/v1/domains/" + ControlPlaneHttp.segment(tenant.domain()), tenant.session(),
                    body, timeout);
        }
        JsonNode body = ControlPlaneHttp.object().put("reason", "fleet bench change " + n);
        return http.send("POST", "/v1/streams/" + ControlPlaneHttp.segment(tenant.domain()) + "/live/s" + n
                + "/forbid", tenant.session(), body, timeout);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
