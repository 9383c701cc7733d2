package dev.liveplane.media.protocol.mpegts;

/** Thrown when a frame cannot be turned into MPEG-TS, e.g. because a NAL unit length runs past the frame. */
public final class TsMuxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TsMuxException(String message) {
        super(message);
    }
}
