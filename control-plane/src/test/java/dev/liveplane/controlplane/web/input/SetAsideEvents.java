package dev.liveplane.controlplane.web.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;

/**
 * Reads the events, usage and recordings routes' per-record refusals: the control plane checks each stream event of a node's batch on its
 * own, so a bad one is set aside in the 202's {@code rejected} (its reason naming the property) while the rest are
 * recorded, instead of the whole batch being refused (issue 11: one bad event must not block every tenant's).
 */
final class SetAsideEvents {

    private SetAsideEvents() {
    }

    /** Whether {@code path} of {@code operationId}'s body lies inside one event of the batch. */
    static boolean inOneEvent(String operationId, String path) {
        return operationId.equals("reportStreamEvents") && path.startsWith("events[0]")
                || operationId.equals("reportUsage") && path.startsWith("records[0]")
                || operationId.equals("reportRecordings") && path.startsWith("reports[0]");
    }

    /** The reason the event was set aside for, or null when the batch was taken with nothing set aside. */
    static String reason(Api.Response response) {
        if (response.status() != 202) {
            return null;
        }
        JsonNode rejected = response.json().path("rejected");
        return rejected.isArray() && !rejected.isEmpty() ? rejected.get(0).path("reason").asText() : null;
    }

    /** Null when the event was set aside with a reason naming {@code name} (any reason when empty), else why not. */
    static String setAsideNaming(Api.Response response, String name) {
        String reason = reason(response);
        if (reason == null) {
            return "not set aside: " + response.status() + " " + response.body();
        }
        return reason.contains(name) ? null : "reason does not name it: " + reason;
    }
}
