package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.web.NewestFirstCursor;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's recorded files: listed newest start first in keyset pages, one read, and deleted (its objects first,
 * for HLS the playlist and every segment it lists, then the index entry, so a failed delete leaves the entry to try
 * again). Another tenant's file is 404, as one that does not exist.
 */
@Singleton
final class RecordingFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingFiles.class);

    private final RecordingRepository files;
    private final ObjectStore store;
    private final VodPlaylists playlists;
    private final TransactionOperations<Connection> transactions;

    RecordingFiles(RecordingRepository files, ObjectStore store, VodPlaylists playlists,
            TransactionOperations<Connection> transactions) {
        this.files = files;
        this.store = store;
        this.playlists = playlists;
        this.transactions = transactions;
    }

    /** The filters of a page; each may be null. {@code domain} as stored (lower case). */
    record Filter(String domain, String app, String stream, String sessionId, String format, Instant since,
            Instant until) {
    }

    Slice<RecordingRow> list(String tenantId, Filter filter, int size, @Nullable String pageToken) {
        NewestFirstCursor after = NewestFirstCursor.decode(pageToken);
        List<RecordingRow> rows = files.findPage(tenantId, filter.domain(), filter.app(), filter.stream(),
                filter.sessionId(), filter.format(), filter.since(), filter.until(),
                after == null ? null : after.startedAt(), after == null ? null : after.id(), size + 1);
        return Slice.of(rows, size, row -> new NewestFirstCursor(row.startedAt(), row.id()).encode());
    }

    RecordingRow get(String tenantId, String id) {
        return files.findByIdAndTenantId(id, tenantId).orElseThrow(() -> ProblemException.notFound("Recording " + id));
    }

    void delete(String tenantId, String id) {
        RecordingRow file = get(tenantId, id);
        List<String> keys = new ArrayList<>();
        if (store.configured()) {
            if (file.isHls()) {
                playlists.segments(file).forEach(segment -> keys.add(segment.key()));
            }
            keys.add(file.key());
            store.delete(keys);
        } else {
            LOG.warn("recording deleted from the index only, no storage is configured tenant={} recording={}",
                    tenantId, id);
        }
        transactions.executeWrite(status -> {
            if (files.delete(file.id()) > 0) {
                files.forget(file.sessionId(), file.isHls() ? 1 : 0);
            }
            return null;
        });
        LOG.info("recording deleted tenant={} domain={} app={} stream={} recording={} objects={}", tenantId,
                file.domain(), file.app(), file.stream(), id, keys.size());
    }
}
