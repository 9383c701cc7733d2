package dev.liveplane.media.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liveplane.media.MediaNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Turns the node's settings into a {@code NodeRegistration} body, and a {@code NodeCredential} into an identity. */
final class RegistrationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistrationJson() {
    }

    /** {@code previousNodeId}, when known, asks to keep the identity the node held (and with it its streams). */
    static String body(FleetSettings settings, MediaNode node, String previousNodeId) {
        ObjectNode body = JSON.createObjectNode();
        if (settings.advertiseAddress() != null) {
            body.put("address", settings.advertiseAddress());
        }
        body.put("rtmpPort", node.rtmpPort());
        body.put("httpPort", node.httpPort());
        body.put("region", settings.region());
        if (settings.maxViewers() > 0) {
            body.putObject("capacity").put("maxViewers", settings.maxViewers());
        }
        if (previousNodeId != null) {
            body.put("nodeId", previousNodeId);
        }
        String version = RegistrationJson.class.getPackage().getImplementationVersion();
        if (version != null) {
            body.put("version", version);
        }
        return body.toString();
    }

    static NodeIdentity credential(String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        String nodeId = json.path("nodeId").asText(null);
        String credential = json.path("credential").asText(null);
        if (nodeId == null || nodeId.isBlank() || credential == null || credential.isBlank()) {
            throw new IOException("nodeId and credential are required");
        }
        return new NodeIdentity(nodeId, credential, instantOrNull(json.path("expiresAt").asText(null)),
                json.path("heartbeatIntervalSeconds").asInt(NodeIdentity.DEFAULT_HEARTBEAT_SECONDS));
    }

    /** An ISO-8601 time with offset, or null when absent or unreadable. */
    static Instant instantOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
