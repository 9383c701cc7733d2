package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What a tenant is shown it used and paid, read through its API as its console reads it (api/openapi.yaml): the
 * traffic report of a domain ({@code GET /v1/usage/traffic}), the per-stream breakdown ({@code /v1/usage/streams}),
 * the ledger ({@code /v1/billing/ledger}) and the account ({@code /v1/billing/account}).
 */
final class Bills {

    /** Ledger kinds that take traffic: bytes from a package, or bytes charged pay-as-you-go. */
    private static final Set<String> TRAFFIC_KINDS = Set.of("package_usage", "payg");

    private final Tenant tenant;
    /** The report's range: from the hour before the scenario to the hour after it, so every bucket is in. */
    private final Instant from;

    Bills(Tenant tenant) {
        this.tenant = tenant;
        this.from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    }

    /** Bytes the traffic report shows for {@code domain} (billed egress: RTMP, HTTP-FLV and HLS), all buckets. */
    long reportedEgress(String domain) {
        JsonNode report = traffic(domain);
        long bytes = 0;
        for (JsonNode point : report.path("points")) {
            bytes += point.path("bytes").asLong();
        }
        assertThat(report.path("totalBytes").asLong()).as("the traffic report's total is the sum of its points: %s",
                report).isEqualTo(bytes);
        return bytes;
    }

    /** Bytes the traffic report shows relayed between nodes for {@code domain} (never billed). */
    long reportedRelay(String domain) {
        long bytes = 0;
        for (JsonNode point : traffic(domain).path("points")) {
            bytes += point.path("relayBytes").asLong();
        }
        return bytes;
    }

    /** The traffic report of {@code domain} at 5-minute points, from the hour before the scenario to after it. */
    JsonNode traffic(String domain) {
        return tenant.api().get("/v1/usage/traffic?domain=" + encode(domain) + "&start=" + from + "&end=" + end()
                + "&interval=300").expectOk();
    }

    /** The per-stream breakdown of {@code domain}: the stream's row (bytes, rtmpBytes, httpFlvBytes, hlsBytes). */
    JsonNode stream(String domain, String app, String stream) {
        JsonNode report = tenant.api().get("/v1/usage/streams?domain=" + encode(domain) + "&start=" + from + "&end="
                + end() + "&limit=10").expectOk();
        for (JsonNode row : report.path("streams")) {
            if (row.path("app").asText().equals(app) && row.path("stream").asText().equals(stream)) {
                return row;
            }
        }
        throw new AssertionError("no " + app + "/" + stream + " in the streams report: " + report);
    }

    /** Bytes the ledger took for traffic: deducted from packages plus charged pay-as-you-go. */
    long ledgerTrafficBytes() {
        long bytes = 0;
        for (JsonNode entry : ledger()) {
            if (TRAFFIC_KINDS.contains(entry.path("kind").asText())) {
                bytes += entry.path("bytes").asLong();
            }
        }
        return bytes;
    }

    /** Every ledger entry of the tenant, oldest first as the API pages them. */
    List<JsonNode> ledger() {
        List<JsonNode> entries = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = tenant.api().get("/v1/billing/ledger?pageSize=100"
                    + (token == null ? "" : "&pageToken=" + encode(token))).expectOk();
            items(page).forEach(entries::add);
            token = page.hasNonNull("nextPageToken") ? page.path("nextPageToken").asText() : null;
        } while (token != null);
        return entries;
    }

    /** Fails unless the balance is the sum of the ledger's amounts, to the minor unit. */
    void assertBalanceIsTheLedgersSum() {
        long sum = ledger().stream().mapToLong(entry -> entry.path("amountMinor").asLong()).sum();
        JsonNode account = account();
        assertThat(account.path("balanceMinor").asLong()).as("the balance is the ledger's sum: %s", account)
                .isEqualTo(sum);
    }

    JsonNode account() {
        return tenant.api().get("/v1/billing/account").expectOk();
    }

    /**
     * Waits until {@code shown} (a figure the tenant is shown) reaches {@code expected} less {@code tolerance}, then
     * until it stays the same for {@code quiet} (the node's last flush, ingestion, rollups and the charger are done),
     * and returns it.
     */
    static long settle(String what, LongSupplier shown, long expected, long tolerance, Duration within,
            Duration quiet) throws Exception {
        awaitTrue(what + " shows the " + expected + " bytes the players received (less " + tolerance + ")", within,
                () -> shown.getAsLong() >= expected - tolerance);
        long last = shown.getAsLong();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(quiet.toMillis());
            long again = shown.getAsLong();
            if (again == last) {
                return again;
            }
            last = again;
        }
        throw new AssertionError(what + " kept changing for " + within + ": last " + last);
    }

    /** The arrays a page or report carries its rows in ({@code items}, or {@code points} for a series). */
    static Iterable<JsonNode> items(JsonNode body) {
        for (String field : List.of("items", "points", "series", "data")) {
            if (body.path(field).isArray()) {
                return body.path(field);
            }
        }
        throw new AssertionError("no rows in " + body);
    }

    private Instant end() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
