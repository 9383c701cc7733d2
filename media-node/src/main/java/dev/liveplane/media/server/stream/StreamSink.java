package dev.liveplane.media.server.stream;

/**
 * Receives one live stream's media beside its viewers: the port for the HLS segmenter and, next, a recorder and a
 * usage meter (media-node/README.md, "Stream sinks").
 *
 * <p>The calls for one stream come in order on the stream's event loop ({@link StreamInfo#eventLoop()}): {@link
 * #started}, then {@link #codecConfig} and {@link #frame} as the publisher sends them, then {@link #ended}. An
 * implementation returns at once and never blocks; one that may be slow is wrapped in a {@link QueuedSink}, which
 * moves it to an executor of its own behind a bounded queue that counts what it drops. Frames are lent for the call
 * and shared with every viewer: a sink that keeps one retains it and releases it later, and reads the payload without
 * moving its indices ({@code getBytes}, {@code slice}, {@code retainedDuplicate}), never copying it per sink.
 */
public interface StreamSink {

    /** The stream went live; {@link StreamInfo#reconnect()} tells an encoder's reconnect from a new stream. */
    void started(StreamInfo stream);

    /**
     * The stream's codec configuration changed: new metadata or a new sequence header, given whole. Comes before the
     * frames that depend on it.
     */
    void codecConfig(CodecConfig config);

    /** One audio or video frame, with its tag header parsed (never a sequence header or metadata). */
    void frame(MediaFrame frame);

    /** The publisher left; {@code reason} as in the unpublish event (ended, replaced, forbidden, ...). */
    void ended(String reason);

    /** Opens the sinks of each stream that goes live on the node. */
    @FunctionalInterface
    interface Factory {

        /** The sink for {@code stream}, on the stream's event loop; null when this stream needs none. */
        StreamSink open(StreamInfo stream);
    }
}
