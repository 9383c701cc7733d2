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

    /** A stream live on node n1, publisher sending H.264 and AAC. */
    static String onlineStream(String domain, String app, String stream) {
        return """
                {"domain":"%s","app":"%s","stream":"%s","nodeId":"n1","startedAt":"2025-03-01T10:00:00Z",
                 "clientAddress":"203.0.113.7","video":{"codec":"h264","width":1920,"height":1080,"frameRate":30.0},
                 "audio":{"codec":"aac","sampleRate":48000,"channels":2},"bitrateKbps":4500,"viewers":12}
                """.formatted(domain, app, stream);
    }

    static String onlineStreamPage(String next, String domain, String... streams) {
        return page(Arrays.stream(streams).map(s -> onlineStream(domain, "live", s))
                .collect(Collectors.joining(",")), next);
    }

    static String forbiddenStream(String domain, String app, String stream) {
        return """
                {"domain":"%s","app":"%s","stream":"%s","until":"2025-03-02T10:00:00Z","reason":"terms",
                 "createdAt":"2025-03-01T10:00:00Z"}
                """.formatted(domain, app, stream);
    }

    static String forbiddenStreamPage(String next, String domain, String... streams) {
        return page(Arrays.stream(streams).map(s -> forbiddenStream(domain, "live", s))
                .collect(Collectors.joining(",")), next);
    }

    static String publishSessionPage(String next, String domain, String... streams) {
        return page(Arrays.stream(streams).map(s -> """
                {"id":"01JEB3S5E6S7I8O9N0P1U2B3L4","domain":"%s","app":"live","stream":"%s",
                 "nodeId":"01JEB1N0D3X7K2M9P4R6T8V0WY","startedAt":"2025-03-01T10:00:00Z",
                 "endedAt":"2025-03-01T11:00:00Z","endReason":"ended","durationSeconds":3600,"peakViewers":42,
                 "ingestBytes":1000,"egressBytes":42000}
                """.formatted(domain, s)).collect(Collectors.joining(",")), next);
    }

    static final String STREAM_KEY_VALUE = "lpsk_01jd2k3m4n5p6q7r8s9t0vwxyz_" + "s".repeat(43);

    static String streamKey(String domain, String id) {
        return """
                {"id":"%s","domain":"%s","app":"live","stream":"studio","server":"rtmp://%s/live",
                 "createdAt":"2025-03-01T10:00:00Z"}
                """.formatted(id, domain, domain);
    }

    static String streamKeyCreated(String domain, String id) {
        return """
                {"id":"%s","domain":"%s","app":"live","stream":"studio","server":"rtmp://%s/live",
                 "createdAt":"2025-03-01T10:00:00Z","value":"%s","streamKey":"%s","url":"rtmp://%s/live/%s"}
                """.formatted(id, domain, domain, STREAM_KEY_VALUE, STREAM_KEY_VALUE, domain, STREAM_KEY_VALUE);
    }

    static String streamKeyPage(String next, String domain, String... ids) {
        return page(Arrays.stream(ids).map(id -> streamKey(domain, id)).collect(Collectors.joining(",")), next);
    }

    static String callbacks(String url, String secret) {
        return """
                {"url":"%s","events":["publish","unpublish"],"secret":"%s"}
                """.formatted(url, secret);
    }

    /** Deliveries to https://hooks.example.com/liveplane, the first failed three times. */
    static String callbackDeliveryPage(String next, String... ids) {
        String items = Arrays.stream(ids).map(id -> """
                {"id":"%s","domain":"push.example.com","event":"publish","url":"https://hooks.example.com/liveplane",
                 "status":"FAILED","attempts":3,"lastStatusCode":500,"lastError":"500 Internal Server Error",
                 "createdAt":"2025-03-01T10:00:00Z","nextAttemptAt":"2025-03-01T10:05:00Z","body":"{}"}
                """.formatted(id)).collect(Collectors.joining(","));
        return page(items, next);
    }

    static String nodeToken(String id) {
        return """
                {"id":"%s","description":"edge asg","createdAt":"2025-03-01T10:00:00Z",
                 "expiresAt":"2025-03-02T10:00:00Z","revoked":false}
                """.formatted(id);
    }

    static String nodeTokenCreated(String id, String token) {
        return """
                {"id":"%s","description":"edge asg","createdAt":"2025-03-01T10:00:00Z",
                 "expiresAt":"2025-03-02T10:00:00Z","revoked":false,"token":"%s"}
                """.formatted(id, token);
    }

    static String nodeTokenPage(String next, String... ids) {
        return page(Arrays.stream(ids).map(Bodies::nodeToken).collect(Collectors.joining(",")), next);
    }

    static String node(String id, String status) {
        return """
                {"id":"%s","address":"10.0.0.5","rtmpPort":1935,"httpPort":8081,"region":"eu-west",
                 "capacity":{"maxViewers":5000,"maxIngestKbps":200000},"version":"0.1.0","status":"%s",
                 "registeredAt":"2025-03-01T10:00:00Z","lastHeartbeatAt":"2025-03-01T10:00:05Z","configVersion":42,
                 "streams":3,"viewers":120}
                """.formatted(id, status);
    }

    static String nodePage(String next, String... ids) {
        return page(Arrays.stream(ids).map(id -> node(id, "HEALTHY")).collect(Collectors.joining(",")), next);
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

    /** Two Shanghai days of traffic, as the spec's example. */
    static String trafficReport(String domain) {
        return """
                {"domain":"%s","interval":86400,"timeZone":"Asia/Shanghai","start":"2026-11-01T00:00:00+08:00",
                 "end":"2026-11-03T00:00:00+08:00","totalBytes":9663676416,"peakBps":1398101,"points":[
                 {"start":"2026-11-01T00:00:00+08:00","end":"2026-11-02T00:00:00+08:00","bytes":5368709120,
                  "peakBps":1398101,"ingestBytes":0,"relayBytes":0},
                 {"start":"2026-11-02T00:00:00+08:00","end":"2026-11-03T00:00:00+08:00","bytes":4294967296,
                  "peakBps":1118481,"ingestBytes":0,"relayBytes":0}]}
                """.formatted(domain);
    }

    static String viewerReport(String domain) {
        return """
                {"domain":"%s","interval":3600,"timeZone":"UTC","start":"2026-11-01T19:00:00Z",
                 "end":"2026-11-01T21:00:00Z","peakViewers":1250,"viewerSeconds":6480000,"points":[
                 {"start":"2026-11-01T19:00:00Z","end":"2026-11-01T20:00:00Z","peakViewers":1250,
                  "viewerSeconds":3960000,"averageViewers":1100.0},
                 {"start":"2026-11-01T20:00:00Z","end":"2026-11-01T21:00:00Z","peakViewers":900,
                  "viewerSeconds":2520000,"averageViewers":700.0}]}
                """.formatted(domain);
    }

    static String streamUsageReport(String domain) {
        return """
                {"domain":"%s","start":"2026-11-01T00:00:00Z","end":"2026-12-01T00:00:00Z","totalBytes":9663676416,
                 "streamCount":3,"otherBytes":3221225472,"streams":[{"app":"live","stream":"main-stage",
                 "bytes":6442450944,"rtmpBytes":1073741824,"httpFlvBytes":3221225472,"hlsBytes":2147483648,
                 "ingestBytes":0,"viewerSeconds":1728000}]}
                """.formatted(domain);
    }

    static String bandwidthP95(String domain) {
        return """
                {"domain":"%s","month":"2026-11","timeZone":"UTC","start":"2026-11-01T00:00:00Z",
                 "end":"2026-12-01T00:00:00Z","samples":8640,"droppedSamples":432,"p95Bps":1118481,
                 "peakBps":1398101,"complete":true}
                """.formatted(domain);
    }
}
