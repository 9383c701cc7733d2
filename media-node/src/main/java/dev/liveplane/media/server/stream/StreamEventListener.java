package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;

/**
 * Hears streams start and end on this node. Called on the stream's event loop: implementations hand the event to
 * their own thread (a bounded queue) and return at once.
 */
public interface StreamEventListener {

    /** Listens to nothing: a node without a control plane. */
    StreamEventListener NONE = new StreamEventListener() {
        @Override
        public void published(PublishedStream stream) {
        }

        @Override
        public void unpublished(StreamKey key, DomainOwner owner, String reason) {
        }
    };

    /** A publisher went live and its tracks are known (or two seconds passed). */
    void published(PublishedStream stream);

    /** The publisher left; {@code reason} is short: ended, replaced, forbidden, domain_disabled, ... */
    void unpublished(StreamKey key, DomainOwner owner, String reason);
}
