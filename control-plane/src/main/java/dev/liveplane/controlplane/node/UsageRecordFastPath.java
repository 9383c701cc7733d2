package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.usage.MeteredUsage;
import dev.liveplane.controlplane.usage.UsageKind;
import io.micronaut.json.tree.JsonNode;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads a usage record that plainly fits the spec's {@code UsageRecord} straight from the JSON tree, or answers null
 * for anything else, which {@link UsageRecordReader} then hands to the schema validator for the exact problem. Why:
 * validating each record against the compiled schema and binding it through Jackson cost more CPU than the rest of
 * ingestion together (a node sends up to 1,000 records a call, the fleet 50,000 a second). Only ever stricter than
 * the schema: whatever it is unsure of (an unknown property, a long string, an odd number) goes the slow way.
 */
final class UsageRecordFastPath {

    private static final int FIELDS = 11;
    private static final Map<String, UsageKind> KINDS = Map.of("rtmp", UsageKind.RTMP, "http_flv",
            UsageKind.HTTP_FLV, "hls", UsageKind.HLS, "relay", UsageKind.RELAY, "ingest", UsageKind.INGEST);

    private UsageRecordFastPath() {
    }

    /** The record, or null when it is not plainly valid. */
    static MeteredUsage read(int index, JsonNode item) {
        if (item == null || !item.isObject() || item.size() != FIELDS) {
            return null;
        }
        String id = string(item, "id", 64);
        String tenantId = string(item, "tenantId", 32);
        String domainId = string(item, "domainId", 64);
        String domain = string(item, "domain", 253);
        String app = string(item, "app", 64);
        String stream = string(item, "stream", 128);
        String protocol = string(item, "protocol", 8);
        String bucket = string(item, "bucketStart", 40);
        long bytes = natural(item.get("bytes"), Long.MAX_VALUE);
        long viewerSeconds = natural(item.get("viewerSeconds"), Long.MAX_VALUE);
        long peakViewers = natural(item.get("peakViewers"), Integer.MAX_VALUE);
        UsageKind kind = protocol == null ? null : KINDS.get(protocol);
        if (id == null || id.isEmpty() || tenantId == null || domainId == null || domain == null || app == null
                || stream == null || kind == null || bucket == null || bytes < 0 || viewerSeconds < 0
                || peakViewers < 0) {
            return null;
        }
        OffsetDateTime bucketStart;
        try {
            // RFC 3339 date-time, as the schema's format asserts it; anything the parser doubts goes the slow way.
            bucketStart = OffsetDateTime.parse(bucket);
        } catch (DateTimeParseException e) {
            return null;
        }
        if (bucket.indexOf('T') != 10 || bucket.length() < 20 || bucket.charAt(16) != ':') {
            return null;
        }
        return new MeteredUsage(index, id, tenantId, domainId, domain, app, stream, kind, bucketStart.toInstant(),
                bytes, viewerSeconds, (int) peakViewers);
    }

    /** The property when it is a string of at most {@code max} UTF-16 units (so at most as many code points). */
    private static String string(JsonNode item, String name, int max) {
        JsonNode value = item.get(name);
        if (value == null || !value.isString()) {
            return null;
        }
        String text = value.getStringValue();
        return text.length() <= max ? text : null;
    }

    /** A non-negative integer up to {@code max}, or -1. */
    private static long natural(JsonNode value, long max) {
        if (value == null || !value.isNumber()) {
            return -1;
        }
        Number number = value.getNumberValue();
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
                || (number instanceof BigInteger big && big.bitLength() < 64)) {
            long n = number.longValue();
            return n >= 0 && n <= max ? n : -1;
        }
        return -1;
    }
}
