package dev.liveplane.media.server.usage;

/**
 * Something that counts on one event loop without locks (a connection, a stream's ingest) and hands its counts to
 * the meter when the flusher asks, on that same loop.
 */
interface Harvested {

    /** Hands what was counted up to {@code tickMillis} (wall clock) to the meter. On the counting loop. */
    void harvest(long tickMillis);
}
