package dev.liveplane.media.fleet;

import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.DomainSnapshot;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.LiveStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the snapshot in force into the running sessions it no longer allows, and cuts them: publishers of streams
 * forbidden, of disabled or removed domains, of a domain now registered again (another id, perhaps another
 * tenant), or that came in with a stream key since revoked; viewers of pull domains disabled, removed, suspended or now bound to another registration of the push
 * domain. Each publisher is cut once. Called on the agent's thread only.
 */
final class SessionCuts {

    /** A stream's push domain is no longer the registration it was published under. */
    static final String OWNER_CHANGED = "domain_removed";
    /** The persistent stream key the publisher came in with was revoked (or rotated). */
    static final String KEY_REVOKED = "stream_key_revoked";

    private static final Logger log = LoggerFactory.getLogger(SessionCuts.class);

    private final Set<LiveStream> cutPublishers = new HashSet<>();

    /** Cuts what {@code current} refuses among {@code streams}; viewers too when {@code viewersToo}. */
    void enforce(DomainSnapshot current, List<LiveStream> streams, Instant now, boolean viewersToo) {
        cutPublishers.retainAll(new HashSet<>(streams));
        for (LiveStream stream : streams) {
            String cut = publisherCut(current, stream, now);
            if (cut != null && cutPublishers.add(stream)) {
                log.info("event=publisher_cut stream={} owner={} reason={} snapshot_version={}", stream.key(),
                        stream.owner(), cut, current.version());
                stream.evict(cut, "control plane snapshot " + current.version() + ": " + cut);
            }
            if (viewersToo) {
                stream.disconnectViewers(pullDomain -> viewerCut(current, stream, pullDomain));
            }
        }
    }

    static String publisherCut(DomainSnapshot current, LiveStream stream, Instant now) {
        String cut = current.publisherCut(stream.key(), now);
        if (cut != null) {
            return cut;
        }
        if (stream.streamKeyId() != null && !current.streamKeys().isActive(stream.streamKeyId())) {
            return KEY_REVOKED;
        }
        DomainOwner owner = current.find(stream.key().domain()).map(DomainConfig::owner).orElse(null);
        return stream.owner().sameAs(owner) ? null : OWNER_CHANGED;
    }

    static String viewerCut(DomainSnapshot current, LiveStream stream, String pullDomain) {
        String cut = current.viewerCut(pullDomain);
        if (cut != null) {
            return cut;
        }
        // The pull domain's name may now belong to a registration bound elsewhere, or its push domain be new.
        DomainConfig pull = current.find(pullDomain).orElseThrow();
        if (pull.type() != DomainConfig.Type.PULL || !stream.key().domain().equals(pull.pushDomain())) {
            return OWNER_CHANGED;
        }
        DomainOwner owner = current.find(pull.pushDomain()).map(DomainConfig::owner).orElse(null);
        return stream.owner().sameAs(owner) ? null : OWNER_CHANGED;
    }
}
