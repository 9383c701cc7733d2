package dev.liveplane.media.server.stream;

import java.util.Locale;

/** Names one live stream: the domain it was pushed to, its application and its stream name. */
public record StreamKey(String domain, String app, String stream) {

    public StreamKey {
        domain = domain.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return domain + "/" + app + "/" + stream;
    }
}
