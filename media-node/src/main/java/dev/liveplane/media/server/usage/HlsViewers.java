package dev.liveplane.media.server.usage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells HLS viewers apart by their session token ({@code lp_session}), since an HLS player holds no connection: a
 * session watches from its first request until one target duration after its last (the segment it fetched lasts
 * that long), and leaves when it has asked for nothing for three target durations (a live player refreshes its
 * playlist at least once per target duration). A token is an HMAC of the stream and its expiry second, so players
 * that opened the same stream in the same second hold the same token: each signed playlist request that issued it
 * is one more viewer of the session, and they leave together once the token goes silent. Requests come on any
 * loop; the flusher harvests the sessions.
 */
final class HlsViewers {

    private static final class Session {
        final UsageKey key;
        final Audience.Count count;
        /** Players sharing the token: one per playlist request that issued it. */
        volatile int viewers;
        volatile long lastMillis;
        /** How far its viewing is counted; the flusher's. */
        long countedUntil;

        Session(UsageKey key, Audience.Count count, long nowMillis) {
            this.key = key;
            this.count = count;
            this.lastMillis = nowMillis;
            this.countedUntil = nowMillis;
        }
    }

    private final UsageMeter meter;
    private final long targetMillis;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    HlsViewers(UsageMeter meter, long targetDurationMillis) {
        this.meter = meter;
        this.targetMillis = targetDurationMillis;
    }

    /**
     * A playlist or segment request of session {@code token} for {@code key}; {@code opens} for the signed playlist
     * request that issued the token (a new player). Any loop.
     */
    void request(String token, UsageKey key, long nowMillis, boolean opens) {
        sessions.compute(token, (t, session) -> {
            if (session == null) {
                Session opened = new Session(key, meter.join(key, nowMillis), nowMillis);
                opened.viewers = 1;
                return opened;
            }
            if (opens) {
                meter.join(key, nowMillis);
                session.viewers++;
            }
            session.lastMillis = Math.max(session.lastMillis, nowMillis);
            return session;
        });
    }

    /** Counts every session's viewing up to {@code tickMillis} and lets the silent ones go; the flusher's thread. */
    void harvest(long tickMillis) {
        sessions.forEach((token, session) -> {
            long until = Math.min(tickMillis, session.lastMillis + targetMillis);
            if (until > session.countedUntil) {
                meter.viewing(session.key, session.count, session.countedUntil, until, session.viewers);
                session.countedUntil = until;
            }
            boolean[] left = {false};
            sessions.computeIfPresent(token, (t, current) -> {
                if (current == session && tickMillis - session.lastMillis > 3 * targetMillis) {
                    left[0] = true;
                    return null;
                }
                return current;
            });
            for (int i = 0; left[0] && i < session.viewers; i++) {
                meter.leave(session.key);
            }
        });
    }

    /** Sessions watching now. */
    int size() {
        return sessions.size();
    }
}
