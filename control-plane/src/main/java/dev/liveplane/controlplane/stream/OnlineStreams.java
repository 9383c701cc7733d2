package dev.liveplane.controlplane.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Lists a tenant's online streams by domain, app and stream, with their viewers on every node. */
@Singleton
final class OnlineStreams {

    private final OnlineStreamRepository repository;

    OnlineStreams(OnlineStreamRepository repository) {
        this.repository = repository;
    }

    Slice<OnlineStreamRow> list(String tenantId, @Nullable String domain, int size, @Nullable String pageToken) {
        StreamKey after = StreamPages.after(pageToken);
        return Slice.of(repository.findPage(tenantId, StreamPages.domainFilter(domain), after.domain(), after.app(),
                after.stream(), size + 1), size, row -> StreamPages.pageKey(row.key()));
    }
}
