package dev.liveplane.media.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * The fake control plane's config routes, as the spec describes them: the whole snapshot by long poll
 * ({@code /config}, gzipped when asked) and the changes since a version ({@code /config/changes}: a ConfigDelta
 * computed from the versions published, 304 after the wait, 409 when the version is not held or the change is no
 * delta). Counts requests and the bytes each route sent, so tests can tell a change came as a delta; tests can also
 * take the changes route away (404, an older control plane), forget old versions, and rewrite the next delta.
 */
final class FakeConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Object lock = new Object();
    /** Every version published that the fake still holds changes from. */
    private final NavigableMap<Long, String> versions = new TreeMap<>();
    private long current = -1;
    private volatile boolean closed;

    /** False: {@code /config/changes} answers 404, as a control plane from before the route does. */
    volatile boolean changesRoute = true;
    /** True: /config answers 503, as a control plane whose database is down. */
    volatile boolean wholeUnavailable;
    /** False: whole snapshots go uncompressed even when the node asks for gzip. */
    volatile boolean gzip = true;
    /** Applied once to the next delta's JSON before it is sent: a control plane that sends a broken one. */
    final AtomicReference<UnaryOperator<String>> rewriteNextDelta = new AtomicReference<>();

    /** Whole snapshots sent (200 on /config) and their bytes on the wire. */
    final AtomicInteger wholeSent = new AtomicInteger();
    final AtomicLong wholeBytes = new AtomicLong();
    /** Whether each whole snapshot went gzipped, in order. */
    final List<Boolean> wholeGzipped = new CopyOnWriteArrayList<>();
    /** Requests to /config with a version (the long poll of a node that does not follow changes). */
    final AtomicInteger wholeLongPolls = new AtomicInteger();
    /** Requests to /config/changes, whatever the answer. */
    final AtomicInteger changesAsked = new AtomicInteger();
    /** Deltas sent (200 on /config/changes), as sent, and their bytes. */
    final List<JsonNode> deltasSent = new CopyOnWriteArrayList<>();
    final AtomicLong deltaBytes = new AtomicLong();
    final AtomicInteger conflicts = new AtomicInteger();

    /** Makes {@code json} (a ConfigSnapshot whose version is {@code version}) current and answers waiting polls. */
    void publish(long version, String json) {
        synchronized (lock) {
            versions.put(version, json);
            current = version;
            lock.notifyAll();
        }
    }

    /** The JSON of a published version: what a whole snapshot of it says. */
    String snapshot(long version) {
        synchronized (lock) {
            return versions.get(version);
        }
    }

    /** Drops the versions before {@code version}: a node holding one of them gets 409 and fetches the whole. */
    void forgetBefore(long version) {
        synchronized (lock) {
            versions.headMap(version, false).clear();
        }
    }

    /** GET /config?version=&waitSeconds=: the whole snapshot, at once or when it differs from {@code version}. */
    void whole(HttpExchange exchange) throws IOException, InterruptedException {
        Map<String, String> query = FakeHttp.query(exchange.getRequestURI().getRawQuery());
        Long known = query.containsKey("version") ? Long.valueOf(query.get("version")) : null;
        if (known != null) {
            wholeLongPolls.incrementAndGet();
        }
        if (wholeUnavailable) {
            FakeHttp.problem(exchange, 503, "database unavailable");
            return;
        }
        long version = awaitOtherThan(known, query);
        if (version < 0 || (known != null && known == version)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        byte[] body = snapshot(version).getBytes(StandardCharsets.UTF_8);
        String accepts = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzipped = gzip && accepts != null && accepts.contains("gzip");
        if (gzipped) {
            body = gzip(body);
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.getResponseHeaders().set("ETag", "\"" + version + "\"");
        wholeSent.incrementAndGet();
        wholeBytes.addAndGet(body.length);
        wholeGzipped.add(gzipped);
        send(exchange, body);
    }

    /** GET /config/changes?since=&waitSeconds=: the ConfigDelta from {@code since}, 304, 409 or (route off) 404. */
    void changes(HttpExchange exchange) throws IOException, InterruptedException {
        changesAsked.incrementAndGet();
        if (!changesRoute) {
            FakeHttp.problem(exchange, 404, "not found");
            return;
        }
        Map<String, String> query = FakeHttp.query(exchange.getRequestURI().getRawQuery());
        long since = Long.parseLong(query.get("since"));
        long version = awaitOtherThan(since, query);
        if (version == since) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        Optional<ObjectNode> delta = delta(since, version);
        if (delta.isEmpty()) {
            conflicts.incrementAndGet();
            FakeHttp.problem(exchange, 409, "config-changes-unavailable");
            return;
        }
        String json = delta.get().toString();
        UnaryOperator<String> rewrite = rewriteNextDelta.getAndSet(null);
        if (rewrite != null) {
            json = rewrite.apply(json);
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        deltasSent.add(JSON.readTree(json));
        deltaBytes.addAndGet(body.length);
        exchange.getResponseHeaders().set("ETag", "\"" + version + "\"");
        send(exchange, body);
    }

    /** The delta from {@code since} to {@code version}; empty when {@code since} is not held or either is no JSON. */
    private Optional<ObjectNode> delta(long since, long version) {
        String from = snapshot(since);
        if (from == null || since > version) {
            return Optional.empty();
        }
        try {
            return FakeConfigDeltas.between(JSON.readTree(from), JSON.readTree(snapshot(version)));
        } catch (JsonProcessingException e) {
            return Optional.empty(); // a test's corrupt snapshot: only the whole can carry it
        }
    }

    /** The current version once it differs from {@code known} (at once when null), or after the wait. */
    private long awaitOtherThan(Long known, Map<String, String> query) throws InterruptedException {
        long deadline = System.currentTimeMillis() + Long.parseLong(query.getOrDefault("waitSeconds", "30")) * 1000;
        synchronized (lock) {
            while (!closed && (current < 0 || (known != null && known == current))) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
            }
            return current;
        }
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        }
        return out.toByteArray();
    }

    void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
