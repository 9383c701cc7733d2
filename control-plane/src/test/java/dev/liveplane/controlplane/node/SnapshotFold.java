package dev.liveplane.controlplane.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liveplane.controlplane.Api;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies a {@code ConfigDelta} to a config snapshot as the spec says a node must, and puts a snapshot in a form two
 * snapshots can be compared in: without {@code generatedAt}, lists as sets keyed as the spec keys them.
 */
final class SnapshotFold {

    private SnapshotFold() {
    }

    static ObjectNode apply(JsonNode snapshot, JsonNode delta) {
        if (snapshot.get("version").asLong() != delta.get("fromVersion").asLong()) {
            throw new AssertionError("a delta from " + delta.get("fromVersion") + " applied to version "
                    + snapshot.get("version"));
        }
        ObjectNode folded = snapshot.deepCopy();
        folded.set("version", delta.get("version"));
        folded.set("generatedAt", delta.get("generatedAt"));
        merge(folded, "domains", delta.get("domains"), delta.get("removedDomainIds"), d -> d.get("id").asText(),
                JsonNode::asText);
        merge(folded, "forbiddenStreams", delta.get("forbiddenStreams"), delta.get("removedForbiddenStreams"),
                SnapshotFold::streamKey, SnapshotFold::streamKey);
        merge(folded, "streamKeys", delta.get("streamKeys"), delta.get("removedStreamKeyIds"),
                k -> k.get("id").asText(), JsonNode::asText);
        for (String whole : List.of("suspendedTenants", "hlsSessionSecret", "recording")) {
            if (delta.hasNonNull(whole)) {
                folded.set(whole, delta.get(whole));
            }
        }
        return folded;
    }

    /** The snapshot without what may differ between equal ones: {@code generatedAt}, list order. */
    static ObjectNode comparable(JsonNode snapshot) {
        ObjectNode copy = snapshot.deepCopy();
        copy.remove("generatedAt");
        keyed(copy, "domains", d -> d.get("id").asText());
        keyed(copy, "forbiddenStreams", SnapshotFold::streamKey);
        keyed(copy, "streamKeys", k -> k.get("id").asText());
        keyed(copy, "suspendedTenants", JsonNode::asText);
        if (copy.get("recording") instanceof ObjectNode recording) {
            keyed(recording, "rules", JsonNode::toString);
            keyed(recording, "manual", JsonNode::toString);
        }
        // A forbid past its until is enforced by nobody (nodes honour until themselves), so none is compared.
        if (copy.get("forbiddenStreams") instanceof ObjectNode forbids) {
            Iterator<Map.Entry<String, JsonNode>> each = forbids.fields();
            while (each.hasNext()) {
                JsonNode until = each.next().getValue().get("until");
                if (until != null && !until.isNull() && OffsetDateTime.parse(until.asText())
                        .isBefore(OffsetDateTime.now())) {
                    each.remove();
                }
            }
        }
        return copy;
    }

    private static String streamKey(JsonNode stream) {
        return stream.get("domain").asText() + "/" + stream.get("app").asText() + "/" + stream.get("stream").asText();
    }

    private static void merge(ObjectNode snapshot, String list, JsonNode upserts, JsonNode removals,
            Function<JsonNode, String> key, Function<JsonNode, String> removalKey) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        JsonNode held = snapshot.get(list);
        if (held != null) {
            held.forEach(item -> items.put(key.apply(item), item));
        }
        removals.forEach(removed -> items.remove(removalKey.apply(removed)));
        upserts.forEach(item -> items.put(key.apply(item), item));
        ArrayNode merged = Api.JSON.createArrayNode();
        new ArrayList<>(items.values()).forEach(merged::add);
        snapshot.set(list, merged);
    }

    /** Replaces a list by an object keyed by each item's key, so order does not count and duplicates show. */
    private static void keyed(ObjectNode parent, String list, Function<JsonNode, String> key) {
        JsonNode items = parent.get(list);
        if (items == null || !items.isArray()) {
            return;
        }
        ObjectNode byKey = Api.JSON.createObjectNode();
        for (JsonNode item : items) {
            if (byKey.has(key.apply(item))) {
                throw new AssertionError(list + " lists " + key.apply(item) + " twice");
            }
            byKey.set(key.apply(item), item);
        }
        parent.set(list, byKey);
    }
}
