package dev.liveplane.media.auth;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.api.streamkey.StreamKeyCredential;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The persistent stream keys the node accepts (from the config snapshot): each key's id with its push domain, app,
 * stream and the SHA-256 of its secret. Turns the stream name of a publish, {@code rtmp://{domain}/{app}/lpsk_...}
 * (IVS style: OBS's Stream Key is the key itself), into the stream it publishes, or the reason it may not.
 */
public final class StreamKeyTable {

    /** No keys: a standalone node's, and a control plane's that sends none. */
    public static final StreamKeyTable NONE = new StreamKeyTable(Map.of());

    /** One active key: a publish with it goes out as {@code stream}. */
    public record Grant(StreamKey stream, String secretHash) {
    }

    /**
     * What a publish's stream name comes to: {@link #NOT_A_KEY} (the name is the stream's own, signed URLs decide),
     * the stream a valid key publishes with the key's id, or a refusal (for the node's log only; it names the key by
     * id, never its secret).
     */
    public record Match(StreamKey stream, String keyId, String refusal) {

        public static final Match NOT_A_KEY = new Match(null, null, null);

        static Match refused(String refusal) {
            return new Match(null, null, refusal);
        }

        public boolean isKey() {
            return this != NOT_A_KEY;
        }
    }

    private final Map<String, Grant> byId;

    public StreamKeyTable(Map<String, Grant> byId) {
        this.byId = Map.copyOf(byId);
    }

    public int size() {
        return byId.size();
    }

    /** Whether the key {@code id} is still active: a publisher that came in with a key no longer here is cut. */
    public boolean isActive(String id) {
        return byId.containsKey(id);
    }

    /** What a publish addressed as {@code addressed} (domain, app, the stream name as sent) comes to. */
    public Match match(StreamKey addressed) {
        if (!StreamKeyCredential.looksLikeOne(addressed.stream())) {
            return Match.NOT_A_KEY;
        }
        Optional<StreamKeyCredential> key = StreamKeyCredential.parse(addressed.stream());
        if (key.isEmpty()) {
            return Match.refused("malformed stream key " + StreamKeyCredential.redact(addressed.stream()));
        }
        String id = key.get().id();
        Grant grant = byId.get(id);
        if (grant == null) {
            return Match.refused("stream key " + id + " is unknown or revoked");
        }
        if (!grant.stream().domain().equals(addressed.domain())) {
            return Match.refused("stream key " + id + " is not one of domain " + addressed.domain());
        }
        // Apps compare without case, as StreamKey does everywhere.
        if (!grant.stream().app().toLowerCase(Locale.ROOT).equals(addressed.app().toLowerCase(Locale.ROOT))) {
            return Match.refused("stream key " + id + " publishes to app " + grant.stream().app() + ", not "
                    + addressed.app());
        }
        if (!key.get().matches(grant.secretHash())) {
            return Match.refused("stream key " + id + " has a wrong secret");
        }
        return new Match(grant.stream(), id, null);
    }
}
