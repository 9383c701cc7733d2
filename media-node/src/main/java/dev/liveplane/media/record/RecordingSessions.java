package dev.liveplane.media.record;

import dev.liveplane.api.stream.StreamKey;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tells a publisher's return within the rule's reconnect window from a new publish, so its files continue the same
 * recording session (as IVS merges reconnects) instead of starting another. Remembers, per stream, the session that
 * ended last and where its file numbering stopped; any thread.
 */
final class RecordingSessions {

    /** A recording session: its id and the number its next file takes. */
    record Session(String id, int nextSequence) {
    }

    private record Left(Session session, Instant at) {
    }

    private final ConcurrentMap<StreamKey, Left> left = new ConcurrentHashMap<>();

    /** The session a publish starting {@code now} records into: the stream's last one if it left within the window. */
    Session join(StreamKey stream, Duration reconnectWindow, Instant now) {
        Left last = left.remove(stream);
        if (last != null && !now.isAfter(last.at().plus(reconnectWindow))) {
            return last.session();
        }
        return new Session(UUID.randomUUID().toString(), 0);
    }

    /** The stream's publish ended at {@code now}; its session may continue until the window closes. */
    void leave(StreamKey stream, Session session, Instant now) {
        left.put(stream, new Left(session, now));
        // Forget sessions nobody can continue any more, so the map holds only recent publishes.
        left.values().removeIf(l -> l.at().isBefore(now.minus(Duration.ofMinutes(10))));
    }
}
