package dev.liveplane.media.fleet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.PublishedStream;
import java.time.Instant;

/**
 * One publish or unpublish as the control plane's {@code StreamEvent}: a node-chosen UUID (a retried batch is
 * recorded once), the stream and the id of the push domain it was published under (null: none), when, and the
 * tracks (publish) or the reason (unpublish).
 */
record StreamEvent(String id, String type, StreamKey key, String domainId, Instant at, PublishedStream published,
        String reason) {

    ObjectNode toJson(JsonNodeFactory json) {
        ObjectNode event = json.objectNode();
        event.put("id", id);
        event.put("type", type);
        event.put("domain", key.domain());
        event.put("app", key.app());
        event.put("stream", key.stream());
        if (domainId != null) {
            event.put("domainId", domainId);
        }
        event.put("at", at.toString());
        if (published != null) {
            if (published.clientAddress() != null) {
                event.put("clientAddress", published.clientAddress());
            }
            if (published.video() != null) {
                ObjectNode video = event.putObject("video");
                video.put("codec", published.video().codec());
                putIfPresent(video, "width", published.video().width());
                putIfPresent(video, "height", published.video().height());
                if (published.video().frameRate() != null) {
                    video.put("frameRate", published.video().frameRate());
                }
            }
            if (published.audio() != null) {
                ObjectNode audio = event.putObject("audio");
                audio.put("codec", published.audio().codec());
                putIfPresent(audio, "sampleRate", published.audio().sampleRate());
                putIfPresent(audio, "channels", published.audio().channels());
            }
            if (published.bitrateKbps() > 0) {
                event.put("bitrateKbps", published.bitrateKbps());
            }
        }
        if (reason != null) {
            event.put("reason", reason.length() > 200 ? reason.substring(0, 200) : reason);
        }
        return event;
    }

    private static void putIfPresent(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
