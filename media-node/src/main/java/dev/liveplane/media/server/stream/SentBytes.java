package dev.liveplane.media.server.stream;

/**
 * Takes the bytes of media a {@link Viewer} wrote straight to the front of its connection's pipeline, where no
 * handler sees them: the port a usage meter at the front of the pipeline counts them through. One call per batch of
 * frames written and flushed, on the connection's loop.
 */
public interface SentBytes {

    /** {@code bytes} were written and flushed from the front of the pipeline. */
    void sent(long bytes);
}
