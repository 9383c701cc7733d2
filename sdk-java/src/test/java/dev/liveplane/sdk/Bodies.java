package dev.liveplane.sdk;

import java.util.Arrays;
import java.util.stream.Collectors;

/** JSON bodies the API answers with, as the spec shapes them. */
final class Bodies {

    static final String API_KEY = "lpk_k1_s3cr3t";

    private Bodies() {
    }

    static String domain(String name) {
        return """
                {"name":"%1$s","type":"push","status":"PENDING_VERIFICATION","enabled":true,
                 "cname":"%1$s.acme.lv.liveplane.test","cnameStatus":"PENDING",
                 "ownership":{"recordName":"_liveplane-challenge.%1$s","recordType":"TXT","recordValue":"lp-7f3a"},
                 "refererAllow":[],"refererDeny":[],"ipAllow":[],"ipDeny":[],"createdAt":"2025-03-01T10:00:00Z"}
                """.formatted(name);
    }

    /** A page of domains; {@code next} null on the last page. */
    static String domainPage(String next, String... names) {
        String items = Arrays.stream(names).map(Bodies::domain).collect(Collectors.joining(","));
        return page(items, next);
    }

    static String apiKeyPage(String next, String... ids) {
        return page(named("key", ids), next);
    }

    static String tenantPage(String next, String... ids) {
        return page(named("tenant", ids), next);
    }

    static String domainAuth(String scheme, long validitySeconds, String primaryKey, String secondaryKey) {
        return """
                {"scheme":"%s","validitySeconds":%d,"primaryKey":"%s","secondaryKey":"%s","jwtKeys":[]}
                """.formatted(scheme, validitySeconds, primaryKey, secondaryKey);
    }

    static String problem(int status, String slug, String title, String detail) {
        return """
                {"type":"https://liveplane.dev/problems/%s","title":"%s","status":%d,"detail":"%s"}
                """.formatted(slug, title, status, detail);
    }

    /** Objects with an id, a name and a creation time: API keys and tenants look alike. */
    private static String named(String kind, String... ids) {
        return Arrays.stream(ids)
                .map(id -> "{\"id\":\"%s\",\"name\":\"%s %s\",\"createdAt\":\"2025-03-01T10:00:00Z\"}"
                        .formatted(id, kind, id))
                .collect(Collectors.joining(","));
    }

    private static String page(String items, String next) {
        return "{\"items\":[" + items + "]" + (next == null ? "" : ",\"nextPageToken\":\"" + next + "\"") + "}";
    }
}
