package dev.liveplane.media.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake control plane's {@code POST /internal/v1/nodes/{id}/usage} (reportUsage): 202 {accepted, rejected} with
 * records counted once by id, as the real ingestion does, or a status the test sets (a 503 outage) while every id
 * that came is remembered.
 */
final class FakeUsage {

    /** Records counted once each, in the order first accepted. */
    final List<JsonNode> records = new CopyOnWriteArrayList<>();
    /** Every record in every post, repeats and failed posts included. */
    final AtomicInteger received = new AtomicInteger();
    /** Ids that came in posts answered with {@link #failWith}. */
    final Set<String> idsRefused = ConcurrentHashMap.newKeySet();
    /** 0 to accept; else the status every post gets (503: the control plane's database is down). */
    volatile int failWith;
    private final Map<String, Boolean> ids = new ConcurrentHashMap<>();

    void post(HttpExchange exchange, JsonNode batch) throws IOException {
        received.addAndGet(batch.path("records").size());
        int status = failWith;
        if (status != 0) {
            batch.path("records").forEach(r -> idsRefused.add(r.path("id").asText()));
            FakeHttp.problem(exchange, status, "usage store unavailable");
            return;
        }
        int accepted = 0;
        for (JsonNode record : batch.path("records")) {
            if (ids.putIfAbsent(record.path("id").asText(), true) == null) {
                records.add(record);
                accepted++;
            }
        }
        FakeHttp.send(exchange, 202, "{\"accepted\": " + accepted + ", \"rejected\": []}");
    }

    /** Bytes counted for {@code protocol} on {@code domain}. */
    long bytes(String protocol, String domain) {
        return sum(protocol, domain, "bytes");
    }

    long viewerSeconds(String protocol, String domain) {
        return sum(protocol, domain, "viewerSeconds");
    }

    /** The largest peak any record of {@code protocol} on {@code domain} carried. */
    int peakViewers(String protocol, String domain) {
        return records.stream().filter(r -> matches(r, protocol, domain))
                .mapToInt(r -> r.path("peakViewers").asInt()).max().orElse(0);
    }

    List<JsonNode> of(String protocol) {
        return records.stream().filter(r -> protocol.equals(r.path("protocol").asText())).toList();
    }

    private long sum(String protocol, String domain, String field) {
        return records.stream().filter(r -> matches(r, protocol, domain)).mapToLong(r -> r.path(field).asLong())
                .sum();
    }

    private static boolean matches(JsonNode record, String protocol, String domain) {
        return protocol.equals(record.path("protocol").asText()) && domain.equals(record.path("domain").asText());
    }
}
