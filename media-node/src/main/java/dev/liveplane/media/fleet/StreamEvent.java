package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.StreamEventType;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.media.server.stream.PublishedStream;
import dev.liveplane.media.server.stream.StreamKey;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One publish or unpublish as the control plane's {@code StreamEvent}: a node-chosen UUID (a retried batch is
 * recorded once), the stream and the id of the push domain it was published under (null: none), when, and the
 * tracks (publish) or the reason (unpublish).
 */
record StreamEvent(String id, String type, StreamKey key, String domainId, Instant at, PublishedStream published,
        String reason) {

    /** The spec's {@code StreamEvent}, as the batch carries it. */
    dev.liveplane.api.node.model.StreamEvent toWire() {
        var event = new dev.liveplane.api.node.model.StreamEvent()
                .id(id)
                .type(StreamEventType.fromValue(type))
                .domain(key.domain())
                .app(key.app())
                .stream(key.stream())
                .domainId(domainId)
                .at(at.atOffset(ZoneOffset.UTC));
        if (published != null) {
            event.clientAddress(published.clientAddress());
            if (published.video() != null) {
                event.video(new VideoTrack().codec(published.video().codec()).width(published.video().width())
                        .height(published.video().height()).frameRate(published.video().frameRate()));
            }
            if (published.audio() != null) {
                event.audio(new AudioTrack().codec(published.audio().codec())
                        .sampleRate(published.audio().sampleRate()).channels(published.audio().channels()));
            }
            if (published.bitrateKbps() > 0) {
                event.bitrateKbps(published.bitrateKbps());
            }
        }
        if (reason != null) {
            event.reason(reason.length() > 200 ? reason.substring(0, 200) : reason);
        }
        return event;
    }
}
