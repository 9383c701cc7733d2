package dev.liveplane.bench;

/**
 * The running tally of one viewer connection. Touched only on the single load event loop, so it needs no
 * synchronisation; the play handlers feed it bytes and media timestamps and the driver marks the window.
 */
public final class Viewer {

    private long connectStartNanos;
    private long firstMediaNanos = -1;
    private long bytes;
    /** Highest media timestamp seen (ms, unsigned 32-bit), or -1. Audio and video interleave slightly out of order. */
    private long mediaTimestamp = -1;
    private boolean open;
    private boolean disconnected;
    private boolean runEnded;
    private String failure;

    private boolean playingAtWindowStart;
    private long windowStartBytes;
    private long windowStartTimestamp;
    private long windowEndBytes = -1;
    private long windowEndTimestamp = -1;

    void connectStarted(long nanos) {
        connectStartNanos = nanos;
        open = true;
    }

    /** Counts bytes read from the socket. */
    public void bytesRead(int count) {
        bytes += count;
    }

    public long bytes() {
        return bytes;
    }

    /** True once an audio or video message has arrived. */
    public boolean hasMedia() {
        return firstMediaNanos >= 0;
    }

    /** Records one audio or video message and its timestamp (ms). */
    public void media(long timestamp) {
        if (firstMediaNanos < 0) {
            firstMediaNanos = System.nanoTime() - connectStartNanos;
        }
        if (timestamp > mediaTimestamp) {
            mediaTimestamp = timestamp;
        }
    }

    /** Records why the viewer is failing; the first reason wins. */
    public void fail(String reason) {
        if (failure == null && !runEnded) {
            failure = reason;
        }
    }

    /** Called when the connection has closed, for whatever reason; the reason, if any, came through {@link #fail}. */
    void closed() {
        if (!open) {
            return;
        }
        open = false;
        if (!runEnded && firstMediaNanos >= 0) {
            disconnected = true;
            windowEndBytes = bytes;
            windowEndTimestamp = mediaTimestamp;
        }
    }

    void windowStarted() {
        playingAtWindowStart = open && firstMediaNanos >= 0;
        windowStartBytes = bytes;
        windowStartTimestamp = mediaTimestamp;
    }

    void runEnded() {
        if (open) {
            windowEndBytes = bytes;
            windowEndTimestamp = mediaTimestamp;
        }
        runEnded = true;
    }

    boolean playing() {
        return open && firstMediaNanos >= 0;
    }

    ViewerOutcome outcome() {
        if (failure == null && disconnected) {
            failure = "closed while playing";
        } else if (failure == null && firstMediaNanos < 0) {
            failure = open ? "no media before the end" : "closed before any media";
        }
        boolean measured = playingAtWindowStart && windowEndBytes >= 0;
        return new ViewerOutcome(firstMediaNanos, playingAtWindowStart, disconnected,
                measured ? windowEndBytes - windowStartBytes : 0,
                measured ? windowEndTimestamp - windowStartTimestamp : 0, failure);
    }
}
