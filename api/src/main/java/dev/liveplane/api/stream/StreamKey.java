package dev.liveplane.api.stream;

import java.util.Locale;
import java.util.Objects;

/**
 * Names one live stream, {@code {domain}/{app}/{stream}}, with the one case rule the control plane and the media node
 * share.
 *
 * <p>Case rules:
 * <ul>
 *   <li>The domain is a DNS name, so it is held in lower case ({@link Locale#ROOT}): {@code Push.Example.COM} and
 *       {@code push.example.com} are one domain and print the same.</li>
 *   <li>App and stream keep the spelling they were given: {@link #toString()}, play URLs, webhooks and the online
 *       list show {@code live/Cam} as the publisher wrote it.</li>
 *   <li>Identity ignores case in all three parts: two keys are {@link #equals equal} when they are equal after
 *       lowercasing with {@link Locale#ROOT} (never the default locale, whose Turkish dotless i would split a name).
 *       So {@code live/Cam} and {@code live/cam} are one stream: a forbid of either cuts a publisher of the other,
 *       and a second publisher of the other is refused as busy, just as for an identical name. The control plane's
 *       database collation ignores case, so this is the rule that keeps node and control plane agreeing on what
 *       "the same stream" is. Names the API accepts are ASCII ({@code [A-Za-z0-9_.~-]}), where this is plain ASCII
 *       case folding.</li>
 * </ul>
 */
public final class StreamKey {

    // A line break is in no domain, app or stream name, so the joined parts cannot collide.
    private static final char SEPARATOR = '\n';

    private final String domain;
    private final String app;
    private final String stream;
    private final String match;

    /** A key for {@code domain/app/stream}; the domain is lowercased, app and stream keep their spelling. */
    public StreamKey(String domain, String app, String stream) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.app = Objects.requireNonNull(app, "app");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.match = (this.domain + SEPARATOR + app + SEPARATOR + stream).toLowerCase(Locale.ROOT);
    }

    /** The push domain, lower case. */
    public String domain() {
        return domain;
    }

    /** The application as spelled by whoever named the stream. */
    public String app() {
        return app;
    }

    /** The stream name as spelled by whoever named the stream. */
    public String stream() {
        return stream;
    }

    /**
     * The key's identity as text: the three parts lowercased, joined by a line break. Two keys are equal exactly when
     * their {@code match()} is; use it where a key must be a string (a SQL lookup, a sort order).
     */
    public String match() {
        return match;
    }

    /**
     * {@code domain/app/stream} all in lower case: the identity in the shape of a path, for what must name the stream
     * the same whatever case a request spelled it in (the node's HLS session and relay tokens sign it).
     */
    public String identity() {
        return (domain + "/" + app + "/" + stream).toLowerCase(Locale.ROOT);
    }

    /** Whether {@code other} names the same stream under the case rules above. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StreamKey key && match.equals(key.match);
    }

    @Override
    public int hashCode() {
        return match.hashCode();
    }

    /** {@code domain/app/stream}, app and stream as spelled. */
    @Override
    public String toString() {
        return domain + "/" + app + "/" + stream;
    }
}
