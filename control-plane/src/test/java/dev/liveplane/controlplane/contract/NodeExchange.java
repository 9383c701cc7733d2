package dev.liveplane.controlplane.contract;

import java.util.List;
import java.util.Map;

/**
 * One call of the node protocol as it crossed the wire: what the node sent and what the control plane answered.
 * Header names are lower case; bodies are the text as sent (empty when there was none).
 */
public record NodeExchange(String method, String path, String query, Map<String, List<String>> requestHeaders,
        String requestBody, int status, Map<String, List<String>> responseHeaders, String responseBody) {

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " " + requestBody + " -> " + status + " "
                + responseBody;
    }
}
