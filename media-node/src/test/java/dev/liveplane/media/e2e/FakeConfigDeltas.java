package dev.liveplane.media.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Computes the spec's {@code ConfigDelta} between two {@code ConfigSnapshot}s the fake published, as the control
 * plane's contract defines it (api/openapi.yaml): domains and stream keys changed or added whole and removed by id,
 * forbidden streams by domain, app and stream (case ignored), and {@code suspendedTenants}, {@code hlsSessionSecret},
 * {@code recording} whole when they changed. Empty when the change cannot be a delta (a domain without id, a
 * recording section that went away): the control plane then answers 409.
 */
final class FakeConfigDeltas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeConfigDeltas() {
    }

    static Optional<ObjectNode> between(JsonNode from, JsonNode to) {
        Map<String, JsonNode> fromDomains = byKey(from.path("domains"), d -> d.path("id").asText(null));
        Map<String, JsonNode> toDomains = byKey(to.path("domains"), d -> d.path("id").asText(null));
        if (fromDomains.containsKey(null) || toDomains.containsKey(null)
                || (from.has("recording") && !to.has("recording"))) {
            return Optional.empty();
        }
        ObjectNode delta = JSON.createObjectNode();
        delta.put("fromVersion", from.path("version").asLong());
        delta.put("version", to.path("version").asLong());
        delta.set("generatedAt", to.path("generatedAt"));
        changes(delta, "domains", "removedDomainIds", fromDomains, toDomains, id -> JSON.getNodeFactory().textNode(id));
        Function<JsonNode, String> stream = f -> (f.path("domain").asText() + "/" + f.path("app").asText() + "/"
                + f.path("stream").asText()).toLowerCase(Locale.ROOT);
        Map<String, JsonNode> fromForbidden = byKey(from.path("forbiddenStreams"), stream);
        changes(delta, "forbiddenStreams", "removedForbiddenStreams", fromForbidden,
                byKey(to.path("forbiddenStreams"), stream), key -> removedForbid(fromForbidden.get(key)));
        changes(delta, "streamKeys", "removedStreamKeyIds", byKey(from.path("streamKeys"), k -> k.path("id").asText()),
                byKey(to.path("streamKeys"), k -> k.path("id").asText()), id -> JSON.getNodeFactory().textNode(id));
        for (String whole : new String[] {"suspendedTenants", "hlsSessionSecret", "recording"}) {
            if (to.has(whole) && !to.get(whole).equals(from.get(whole))) {
                delta.set(whole, to.get(whole));
            }
        }
        return Optional.of(delta);
    }

    private static JsonNode removedForbid(JsonNode forbid) {
        ObjectNode removed = JSON.createObjectNode();
        removed.set("domain", forbid.get("domain"));
        removed.set("app", forbid.get("app"));
        removed.set("stream", forbid.get("stream"));
        return removed;
    }

    private static void changes(ObjectNode delta, String changedField, String removedField,
            Map<String, JsonNode> from, Map<String, JsonNode> to, Function<String, JsonNode> removal) {
        ArrayNode changed = delta.putArray(changedField);
        ArrayNode removed = delta.putArray(removedField);
        to.forEach((key, value) -> {
            if (!value.equals(from.get(key))) {
                changed.add(value);
            }
        });
        from.keySet().stream().filter(key -> !to.containsKey(key)).forEach(key -> removed.add(removal.apply(key)));
    }

    private static Map<String, JsonNode> byKey(JsonNode list, Function<JsonNode, String> key) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        list.forEach(item -> byKey.put(key.apply(item), item));
        return byKey;
    }
}
