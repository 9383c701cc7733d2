package dev.liveplane.media.protocol.rtmp.handshake;

/**
 * Tells the handlers after a handshake handler that the handshake is done and chunk stream bytes follow; it says
 * whether the peer used the digest handshake of Flash, OBS, FFmpeg and librtmp or the plain one of RTMP spec 5.2.
 */
public final class HandshakeCompletedEvent {

    public static final HandshakeCompletedEvent SIMPLE = new HandshakeCompletedEvent(false);
    public static final HandshakeCompletedEvent DIGEST = new HandshakeCompletedEvent(true);

    private final boolean digest;

    private HandshakeCompletedEvent(boolean digest) {
        this.digest = digest;
    }

    public boolean digest() {
        return digest;
    }

    @Override
    public String toString() {
        return digest ? "HandshakeCompleted(digest)" : "HandshakeCompleted(simple)";
    }
}
