package dev.liveplane.media.protocol.flv;

/** Thrown when FLV bytes, a tag body or the codec configuration it carries is malformed or cannot be represented. */
public final class FlvFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FlvFormatException(String message) {
        super(message);
    }
}
