package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.web.PageToken;
import io.micronaut.core.annotation.Nullable;

/** Reads the query parameters shared by the stream lists: the page token's last key and the domain filter. */
final class StreamPages {

    private StreamPages() {
    }

    static StreamKey after(@Nullable String pageToken) {
        try {
            return StreamKey.ofPageKey(PageToken.decode(pageToken));
        } catch (IllegalArgumentException notAStreamKey) {
            throw PageToken.invalid();
        }
    }

    /**
     * The domain to filter by, as stored; a domain the caller does not own simply matches none of its rows, the
     * way lists answer for objects that are not the tenant's.
     */
    static String domainFilter(@Nullable String domain) {
        return domain == null || domain.isBlank() ? null : DomainNames.lookupName(domain);
    }
}
