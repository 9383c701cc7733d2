package dev.liveplane.bench.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line entry point: simulates a fleet of media nodes against one control plane and reports how fast a config
 * change reaches all of them, idle and while the fleet reports stream events at a fixed rate.
 */
@Command(name = "fleet-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Registers N simulated media nodes, holds their config long polls, makes tenant changes and "
                + "measures how fast each reaches every node; then sends stream events at a fixed rate while "
                + "measuring the same again. Prints one summary line per phase (FLEET ...).")
public final class FleetLoad implements Callable<Integer> {

    /** Exit status when nothing failed beyond the threshold but a target (2 s, the event rate) was missed. */
    static final int TARGET_MISSED = 2;

    /** Viewers each of a node's own streams has in its heartbeats (--streams-per-node). */
    private static final int VIEWERS_PER_HELD_STREAM = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:18080", split = ",", paramLabel = "<url>",
            description = "The control plane; several instances of one (comma-separated) share the nodes round-robin, "
                    + "and the tenant's changes go to the first, so nodes on the others hear them across instances "
                    + "(default: ${DEFAULT-VALUE}).")
    List<URI> urls;

    @Option(names = "--operator-token", defaultValue = "${env:LIVEPLANE_OPERATOR_TOKEN}", paramLabel = "<token>",
            description = "The operator credential (default: $LIVEPLANE_OPERATOR_TOKEN).")
    String operatorToken;

    @Option(names = "--nodes", defaultValue = "1000", paramLabel = "<n>",
            description = "Simulated nodes (default: ${DEFAULT-VALUE}).")
    int nodeCount;

    @Option(names = "--wait-seconds", defaultValue = "30", paramLabel = "<s>",
            description = "waitSeconds of each config long poll (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--register-concurrency", defaultValue = "50", paramLabel = "<n>",
            description = "Registrations in flight at once (default: ${DEFAULT-VALUE}).")
    int registerConcurrency;

    @Option(names = "--change", defaultValue = "forbid", paramLabel = "<kind>",
            description = "forbid: POST /v1/streams/{domain}/live/s{n}/forbid; domain: PATCH /v1/domains/{name} "
                    + "enabled false/true (default: ${DEFAULT-VALUE}).")
    String changeKind;

    @Option(names = "--changes", defaultValue = "6", paramLabel = "<n>",
            description = "Changes in the idle phase (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--change-interval", defaultValue = "5", paramLabel = "<s>",
            description = "Seconds from one change to the next (default: ${DEFAULT-VALUE}).")
    int changeInterval;

    @Option(names = "--limit-ms", defaultValue = "2000", paramLabel = "<ms>",
            description = "The propagation target (default: ${DEFAULT-VALUE}).")
    long limitMillis;

    @Option(names = "--events-per-second", defaultValue = "1000", paramLabel = "<n>",
            description = "Target stream-event rate; 0 skips the event phase (default: ${DEFAULT-VALUE}).")
    int eventsPerSecond;

    @Option(names = "--event-seconds", defaultValue = "30", paramLabel = "<s>",
            description = "Length of the event phase (default: ${DEFAULT-VALUE}).")
    int eventSeconds;

    @Option(names = "--event-warmup-seconds", defaultValue = "0", paramLabel = "<s>",
            description = "Events at the same rate before the event phase, not measured: a fresh control plane's JIT "
                    + "compiles the events route meanwhile, which a long-running one has done (default: "
                    + "${DEFAULT-VALUE}).")
    int eventWarmupSeconds;

    @Option(names = "--batch-size", defaultValue = "1", paramLabel = "<n>",
            description = "Events per POST .../events, 1-1000 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-in-flight", defaultValue = "512", paramLabel = "<n>",
            description = "Event requests outstanding at most (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--max-error-rate", defaultValue = "0.001", paramLabel = "<share>",
            description = "Failed requests over all requests above which the exit status is 1 (default: "
                    + "${DEFAULT-VALUE}).")
    double maxErrorRate;

    @Option(names = "--settle-timeout", defaultValue = "60", paramLabel = "<s>",
            description = "How long to wait for every node to hold its snapshot, and for a change to settle "
                    + "(default: ${DEFAULT-VALUE}).")
    int settleTimeout;

    @Option(names = "--streams-per-node", defaultValue = "0", paramLabel = "<n>",
            description = "Streams each node publishes once the tenant exists and reports for the rest of the run, "
                    + VIEWERS_PER_HELD_STREAM + " viewers each, in every heartbeat (listed as published until the "
                    + "event phase): 10 on 1,000 nodes is 10,000 live streams (default: ${DEFAULT-VALUE}).")
    int streamsPerNode;

    private final ErrorCounts counts = new ErrorCounts();
    private final ListingGate listing = new ListingGate();

    @Override
    public Integer call() throws Exception {
        validate();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        PropagationTracker tracker = new PropagationTracker(nodeCount);
        ConfigTraffic traffic = new ConfigTraffic();
        List<SimulatedNode> nodes = new ArrayList<>();
        List<ControlPlaneHttp> instances = new ArrayList<>();
        urls.forEach(url -> instances.add(new ControlPlaneHttp(url, 2)));
        try {
            ControlPlaneHttp http = instances.get(0);
            String bootstrap = bootstrapToken(http, runId);
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(new SimulatedNode(i, instances.get(i % instances.size()), tracker, counts, traffic,
                        scheduler, waitSeconds, listing));
            }
            if (instances.size() > 1) {
                progress(nodeCount + " nodes over " + instances.size() + " control-plane instances " + urls
                        + "; changes through " + urls.get(0));
            }
            if (!registerAll(nodes, bootstrap)) {
                return 1;
            }
            nodes.forEach(SimulatedNode::start);
            if (!await("every node holds a snapshot and waits for a change", () -> tracker.nodesWithConfig()
                    == nodeCount && nodes.stream().allMatch(SimulatedNode::waiting))) {
                return 1;
            }

            System.out.println(traffic.totals().line("start", nodeCount, 1));
            Tenant tenant = Tenant.signUp(http, runId);
            progress("tenant signed up, push domain " + tenant.domain());
            awaitSettled(tracker);
            if (streamsPerNode > 0 && !publishHeld(nodes, tenant.domain(), runId)) {
                return 1;
            }

            Changes driver = new Changes(http, tenant, tracker, counts, changeKind);
            progress(changes + " changes, one every " + changeInterval + " s, fleet idle");
            ConfigTraffic.Totals beforeChanges = traffic.totals();
            driver.run(changes, changeInterval, () -> awaitSettled(tracker));
            System.out.println(traffic.totals().since(beforeChanges).line("propagation", nodeCount, changes));
            LatencySummary idle = tracker.summary(TimeUnit.MILLISECONDS.toNanos(limitMillis));
            String idleLine = propagationLine("propagation", idle, tracker.changes(), changes);
            System.out.println(idleLine);
            boolean targetsMet = met(idle, tracker.changes(), changes);

            if (eventsPerSecond > 0) {
                if (!listing.close(Duration.ofSeconds(15))) {
                    progress("heartbeats listing published streams still unanswered after 15 s; events start anyway");
                }
                EventLoad load = new EventLoad(nodes, counts, tenant.domain(), runId);
                if (eventWarmupSeconds > 0) {
                    // Worded so that limits.sh, which starts sampling at "events/s for", waits for the phase itself.
                    progress("warm-up: " + eventsPerSecond + " events a second for " + eventWarmupSeconds
                            + " s, not measured");
                    load.run(eventsPerSecond, eventWarmupSeconds, batchSize, maxInFlight);
                }
                tracker.reset();
                progress(eventsPerSecond + " events/s for " + eventSeconds + " s (batches of " + batchSize
                        + "), changes every " + changeInterval + " s meanwhile");
                CompletableFuture<EventLoad.Result> events = CompletableFuture.supplyAsync(() -> {
                    try {
                        return load.run(eventsPerSecond, eventSeconds, batchSize, maxInFlight);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }, Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "fleet-events")));
                int loadedChanges = Math.max(1, eventSeconds / changeInterval - 1);
                // A change's arrivals are counted only once every node holds the version before it; under load the
                // settling is bounded by the change interval, not the timeout, so the phase keeps its pace.
                driver.run(loadedChanges, changeInterval, () -> await(tracker::settled, changeInterval));
                EventLoad.Result result = events.join();
                System.out.println(eventsLine(result));
                LatencySummary loaded = tracker.summary(TimeUnit.MILLISECONDS.toNanos(limitMillis));
                System.out.println(propagationLine("propagation-under-load", loaded, tracker.changes(),
                        loadedChanges));
                targetsMet &= met(loaded, tracker.changes(), loadedChanges)
                        && result.eventsPerSecond() >= 0.95 * eventsPerSecond;
            }
            nodes.forEach(SimulatedNode::stop);
            return verdict(targetsMet);
        } finally {
            nodes.forEach(SimulatedNode::stop);
            scheduler.shutdownNow();
            instances.forEach(ControlPlaneHttp::close);
        }
    }

    private void validate() {
        if (operatorToken == null || operatorToken.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "no operator token: set LIVEPLANE_OPERATOR_TOKEN or pass --operator-token");
        }
        if (nodeCount < 1 || waitSeconds < 1 || waitSeconds > 60 || changes < 1 || changeInterval < 1
                || eventsPerSecond < 0 || eventSeconds < 1 || eventWarmupSeconds < 0 || batchSize < 1
                || batchSize > 1000 || maxInFlight < 1
                || registerConcurrency < 1 || streamsPerNode < 0 || streamsPerNode > 1000) {
            throw new ParameterException(spec.commandLine(), "--nodes, --changes, --change-interval, --event-seconds, "
                    + "--max-in-flight and --register-concurrency must be at least 1, --wait-seconds 1-60, "
                    + "--batch-size and --streams-per-node 0-1000 (batch size at least 1), --events-per-second and "
                    + "--event-warmup-seconds at least 0");
        }
        if (!changeKind.equals("forbid") && !changeKind.equals("domain")) {
            throw new ParameterException(spec.commandLine(), "--change is forbid or domain, not " + changeKind);
        }
    }

    private String bootstrapToken(ControlPlaneHttp http, String runId) {
        ObjectNode request = ControlPlaneHttp.object().put("description", "fleet bench " + runId)
                .put("ttlSeconds", 3600);
        String token = http.call("POST", "/admin/v1/node-tokens", operatorToken, request).text("token");
        if (token == null) {
            throw new IllegalStateException("POST /admin/v1/node-tokens answered without a token");
        }
        return token;
    }

    /** Registers every node, at most --register-concurrency at a time; false when any failed. */
    private boolean registerAll(List<SimulatedNode> nodes, String bootstrap) throws InterruptedException {
        Semaphore slots = new Semaphore(registerConcurrency);
        List<CompletableFuture<Boolean>> registrations = new ArrayList<>();
        long start = System.nanoTime();
        for (SimulatedNode node : nodes) {
            slots.acquire();
            registrations.add(node.register(bootstrap, "bench").whenComplete((ok, error) -> slots.release()));
        }
        long registered = registrations.stream().filter(CompletableFuture::join).count();
        double seconds = (System.nanoTime() - start) / 1e9;
        progress(String.format(Locale.ROOT, "registered %d of %d nodes in %.1f s (%.0f/s)", registered,
                nodes.size(), seconds, registered / seconds));
        if (registered < nodes.size()) {
            System.out.println("FLEET register failed=" + (nodes.size() - registered) + " " + counts.failureReasons());
            return false;
        }
        return true;
    }

    /** Every node publishes --streams-per-node streams of its own, at most 50 calls at a time; false if any failed. */
    private boolean publishHeld(List<SimulatedNode> nodes, String domain, String runId) throws InterruptedException {
        Semaphore slots = new Semaphore(50);
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (SimulatedNode node : nodes) {
            slots.acquire();
            calls.add(node.publishHeld(domain, streamsPerNode, VIEWERS_PER_HELD_STREAM, runId)
                    .whenComplete((ok, error) -> slots.release()));
        }
        long published = calls.stream().filter(CompletableFuture::join).count() * streamsPerNode;
        System.out.println(String.format(Locale.ROOT, "FLEET streams nodes=%d per_node=%d viewers_each=%d "
                + "published=%d/%d seconds=%.1f", nodes.size(), streamsPerNode, VIEWERS_PER_HELD_STREAM, published,
                (long) nodes.size() * streamsPerNode, (System.nanoTime() - start) / 1e9));
        if (published < (long) nodes.size() * streamsPerNode) {
            System.out.println("FLEET streams failed " + counts.failureReasons());
            return false;
        }
        return true;
    }

    private void awaitSettled(PropagationTracker tracker) {
        if (!await(tracker::settled, settleTimeout)) {
            progress("not settled after " + settleTimeout + " s (versions " + tracker.newestVersion()
                    + " and older still held); going on");
        }
    }

    private boolean await(String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        boolean done = await(condition, settleTimeout);
        progress(String.format(Locale.ROOT, "%s: %s after %.1f s", what, done ? "yes" : "NO",
                (System.nanoTime() - start) / 1e9));
        return done;
    }

    private static boolean await(BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean met(LatencySummary summary, int measured, int planned) {
        return measured == planned && summary.missing() == 0 && summary.withinLimit() == summary.count();
    }

    private String propagationLine(String phase, LatencySummary summary, int measured, int planned) {
        return String.format(Locale.ROOT, "FLEET %s nodes=%d changes=%d/%d received=%d/%d within_%dms=%d %s "
                + "config_polls=%d config_errors=%d heartbeat_errors=%d change_errors=%d", phase, nodeCount, measured,
                planned, summary.count(), summary.expected(), limitMillis, summary.withinLimit(),
                summary.percentiles(),
                counts.requests(SimulatedNode.CONFIG) + counts.requests(SimulatedNode.CHANGES),
                counts.failures(SimulatedNode.CONFIG) + counts.failures(SimulatedNode.CHANGES),
                counts.failures(SimulatedNode.HEARTBEAT), counts.failures(Changes.CHANGE));
    }

    private String eventsLine(EventLoad.Result result) {
        return String.format(Locale.ROOT, "FLEET events target_eps=%d achieved_eps=%.0f sent=%d accepted=%d "
                + "requests=%d batch=%d failed_requests=%d behind=%d seconds=%.1f latency %s", eventsPerSecond,
                result.eventsPerSecond(), result.events(), result.accepted(), result.requests(), batchSize,
                result.failedRequests(), result.behind(), result.seconds(), result.latency().percentiles());
    }

    private int verdict(boolean targetsMet) {
        long requests = counts.totalRequests();
        long failures = counts.totalFailures();
        double rate = requests == 0 ? 0 : failures / (double) requests;
        counts.failureReasons().forEach((reason, count) -> System.out.println("FLEET failure x" + count + " "
                + reason));
        System.out.println(String.format(Locale.ROOT, "FLEET result requests=%d failed=%d error_rate=%.5f "
                + "max_error_rate=%s targets=%s", requests, failures, rate, maxErrorRate,
                targetsMet ? "met" : "MISSED"));
        if (rate > maxErrorRate) {
            return 1;
        }
        return targetsMet ? 0 : TARGET_MISSED;
    }

    static void progress(String message) {
        System.err.println("[fleet-load] " + message);
    }

    public static void main(String[] args) {
        // A setup call the control plane refused ends the run with what it said, not a stack trace.
        System.exit(new CommandLine(new FleetLoad()).setExecutionExceptionHandler((error, line, parsed) -> {
            System.err.println("fleet-load: " + error.getMessage());
            return 1;
        }).execute(args));
    }
}
