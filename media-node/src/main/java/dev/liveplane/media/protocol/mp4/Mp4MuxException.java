package dev.liveplane.media.protocol.mp4;

/** Thrown when samples cannot be turned into fragmented MP4, e.g. because a track's timestamps go backwards. */
public final class Mp4MuxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public Mp4MuxException(String message) {
        super(message);
    }
}
