package dev.liveplane.controlplane.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.web.PageToken;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** Reads the query parameters shared by the stream lists: the page token's last key and the domain filter. */
final class StreamPages {

    // The three parts of a page key hold no line break.
    private static final String SEPARATOR = "\n";

    private StreamPages() {
    }

    static StreamKey after(@Nullable String pageToken) {
        try {
            return ofPageKey(PageToken.decode(pageToken));
        } catch (IllegalArgumentException notAStreamKey) {
            throw PageToken.invalid();
        }
    }

    /** The sort key of keyset pages, the key's three parts as spelled, that a page token carries. */
    static String pageKey(StreamKey key) {
        return key.domain() + SEPARATOR + key.app() + SEPARATOR + key.stream();
    }

    /** The key a page token holds; the empty key (the first page) sorts before every stream. */
    private static StreamKey ofPageKey(String pageKey) {
        if (pageKey.isEmpty()) {
            return new StreamKey("", "", "");
        }
        List<String> parts = List.of(pageKey.split(SEPARATOR, -1));
        if (parts.size() != 3) {
            throw new IllegalArgumentException("not a stream page key");
        }
        return new StreamKey(parts.get(0), parts.get(1), parts.get(2));
    }

    /**
     * The domain to filter by, as stored; a domain the caller does not own simply matches none of its rows, the
     * way lists answer for objects that are not the tenant's.
     */
    static String domainFilter(@Nullable String domain) {
        return domain == null || domain.isBlank() ? null : DomainNames.lookupName(domain);
    }
}
