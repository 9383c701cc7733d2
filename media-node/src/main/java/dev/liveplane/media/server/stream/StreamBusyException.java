package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;

/** Thrown when a second publisher asks for a stream whose publisher is alive and sending. */
public final class StreamBusyException extends Exception {

    public StreamBusyException(StreamKey key) {
        super("stream " + key + " is already being published");
    }
}
