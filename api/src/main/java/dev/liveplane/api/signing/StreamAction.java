package dev.liveplane.api.signing;

import java.util.Locale;

/** What a signed URL allows: pushing a stream or playing it. */
public enum StreamAction {
    PUBLISH,
    PLAY;

    /** The claim value in playback tokens: {@code publish} or {@code play}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
