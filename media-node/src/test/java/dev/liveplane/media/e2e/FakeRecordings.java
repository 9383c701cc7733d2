package dev.liveplane.media.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake control plane's {@code POST /internal/v1/nodes/{id}/recordings} (reportRecordings): 202 {accepted,
 * rejected} with reports indexed once by id, as the real index does.
 */
final class FakeRecordings {

    /** Reports indexed once each, in the order first accepted. */
    final List<JsonNode> reports = new CopyOnWriteArrayList<>();
    /** Every report in every post, repeats included. */
    final AtomicInteger received = new AtomicInteger();
    private final Map<String, Boolean> ids = new ConcurrentHashMap<>();

    void post(HttpExchange exchange, JsonNode batch) throws IOException {
        received.addAndGet(batch.path("reports").size());
        int accepted = 0;
        for (JsonNode report : batch.path("reports")) {
            if (ids.putIfAbsent(report.path("id").asText(), true) == null) {
                reports.add(report);
                accepted++;
            }
        }
        FakeHttp.send(exchange, 202, "{\"accepted\": " + accepted + ", \"rejected\": []}");
    }

    /** The file reports of {@code format}, by sequence. */
    List<JsonNode> files(String format) {
        return reports.stream().filter(r -> "file".equals(r.path("type").asText())
                        && format.equals(r.path("format").asText()))
                .sorted(java.util.Comparator.comparingInt(r -> r.path("sequence").asInt())).toList();
    }

    List<JsonNode> failures() {
        return reports.stream().filter(r -> "failed".equals(r.path("type").asText())).toList();
    }
}
